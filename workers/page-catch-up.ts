/**
 * The training loop waits for the page once a run's teacher is announced. The page then lays out and paints the
 * panels the teacher's results fill (the matrix, the digit strips, the distribution, the charts), one a frame; with
 * the loop training beside it on a 2-core machine, those frames' tasks ran 50–116 ms (`npm run bench -- --ui`: 4 and
 * 5 tasks over 50 ms in two runs of seven presets, most within 0.3 s of the teacher's arrival; with the loop held back
 * a fixed 250 ms there, 1 and 3, none at that moment; waiting for the page's word, 0, 0, 1 and 0 in four runs). The
 * loop starts its next slice when the page says it has shown them (`shown`: 106–136 ms after the teacher's results
 * in the page here), or after `limitMs` if it never says so (a page that draws no frames), so it costs a run at most that.
 */

/** The longest the loop waits for the page after the teacher is announced. */
export const PAGE_CATCH_UP_LIMIT_MS = 500;

interface Pending {
  runId: number;
  done: Promise<void>;
  release: () => void;
  timer: ReturnType<typeof setTimeout>;
}

export class PageCatchUp {
  private pending: Pending | null = null;

  /** `limitMs` 0: never wait (Node, where no page answers). */
  constructor(private readonly limitMs: number) {}

  /** Run `runId`'s teacher was announced: wait() lasts until the page has shown it, or limitMs. */
  expect(runId: number): void {
    this.release();
    if (this.limitMs <= 0) return;
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    this.pending = { runId, done, release, timer: setTimeout(() => this.release(), this.limitMs) };
  }

  /** The page has shown run `runId`'s teacher (a late answer for an earlier run changes nothing). */
  shown(runId: number): void {
    if (this.pending?.runId === runId) this.release();
  }

  /** Whether the loop is waiting for the page now. */
  get waiting(): boolean {
    return this.pending !== null;
  }

  /** Resolves when the page has caught up (at once if nothing is awaited). */
  wait(): Promise<void> {
    return this.pending?.done ?? Promise.resolve();
  }

  /** Stop waiting (the page answered, the limit passed, or the run is gone). */
  release(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.release();
  }
}
