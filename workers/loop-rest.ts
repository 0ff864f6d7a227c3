/**
 * What the training loop does between two slices. It yields to its messages (src/engine/next-task.ts, with no 4 ms
 * clamp), and after `everyMs` of work it rests `restMs` on a timer. Without the rests a run of short epochs keeps the
 * worker's core busy all the time, and on a 2-core machine the page's frames (main thread, compositor, raster) share
 * the other one: "Low data" then had a frame p95 of 33.3 ms in 4 of 7 UI-bench runs (rare-class 1 of 5). Resting 4 ms
 * after 16 leaves the page a fifth of that core: p95 16.8 ms in 7 of 7 runs, the run 2.0–2.4 s from Train (3.1–3.5 s
 * when every slice was followed by a clamped setTimeout(0), 1.8–2.7 s never resting; `npm run bench -- --ui`).
 * Node, with no page, never rests (restMs 0).
 */
import { nextTask } from '../src/engine/next-task';

/** Work between two rests, and each rest, in the browser's worker (run-time estimates count the rests too). */
export { REST_EVERY_MS, REST_MS } from '../src/core/loop-duty';

export class LoopRest {
  private workingSince: number;

  constructor(
    private readonly everyMs: number,
    private readonly restMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.workingSince = now();
  }

  /** Resolves in a later task: after a rest when the loop has worked `everyMs` since the last one, else at once. */
  async between(): Promise<void> {
    if (this.restMs > 0 && this.now() - this.workingSince >= this.everyMs) {
      await this.sleep(this.restMs);
      this.workingSince = this.now();
      return;
    }
    await nextTask();
  }

  /** Work starts now (Train, Resume): a pause before it was rest enough. */
  working(): void {
    this.workingSince = this.now();
  }
}
