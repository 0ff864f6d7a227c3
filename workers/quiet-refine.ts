/**
 * When the worker measures the backends again: once it has had no command for `delayMs` and holds no run. The
 * trial that chooses a backend runs as the page loads (or as a run starts), sharing two cores with the page's
 * parsing, layout and painting, the service worker's install and wasm's optimising compiler; a trial a few
 * seconds later is undisturbed. The page then gets the faster figures (BackendChooser.refine), for its estimates
 * and its stored record. Each command restarts the wait; `delayMs` 0 never fires (Node, where no page loads).
 */
import type { CommandQueue } from './command-queue';
import type { BackendPort } from './controller-ports';

/** Quiet time before the backends are measured again: the page's load (main thread, service worker install, wasm compilation) was over within ~4.5 s in a trace of a first visit here. */
export const REFINE_AFTER_MS = 5000;

export class QuietTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly delayMs: number,
    private readonly fire: () => void,
  ) {}

  /** A command was handled: wait `delayMs` from now. */
  restart(): void {
    if (this.delayMs <= 0) return;
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fire();
    }, this.delayMs);
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * The run controller's timer: when it fires, the backends are measured again (BackendChooser.refine) behind any
 * command received meanwhile, never while a run is held (measuring switches backends), and told to stop when a
 * command comes while they are timed.
 */
export function backendRefiner(delayMs: number, commands: Pick<CommandQueue, 'waiting' | 'enqueue'>, backends: Pick<BackendPort, 'refine'>, holdsRun: () => boolean): QuietTimer {
  return new QuietTimer(delayMs, () => {
    if (holdsRun() || commands.waiting > 0) return;
    void commands.enqueue(async () => {
      if (!holdsRun()) await backends.refine(() => commands.waiting > 0);
    });
  });
}
