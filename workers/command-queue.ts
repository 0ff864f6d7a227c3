/**
 * The page's commands to the run controller, handled one after another, each answered once handled (by the
 * 'state' message that carries its number). Pauses and Resets are also counted the moment they arrive, before
 * the queue: a run still being set up for an earlier command gives up when one comes after that command.
 */
import type { Command } from '../src/protocol/messages';

export class CommandQueue {
  /** Resets received, counted on arrival. */
  resetsReceived = 0;
  /** Pauses and Resets received, counted on arrival. */
  stopsReceived = 0;
  /** The number of the last command handled: every state reported follows it. */
  lastHandled = 0;
  /** Commands received and not yet handled (the one being handled included). */
  waiting = 0;
  private handling: Promise<void> = Promise.resolve();

  /**
   * `handle` gets each command with the Pauses and Resets received before it; `failed` reports a command that
   * threw; `answered` follows every command, failed or not.
   */
  constructor(
    private readonly handle: (command: Command, stopsBefore: number) => Promise<void>,
    private readonly failed: (error: unknown) => void,
    private readonly answered: () => void,
  ) {}

  receive(command: Command): Promise<void> {
    if (command.type === 'reset') this.resetsReceived++;
    const stopsBefore = this.stopsReceived;
    if (command.type === 'pause' || command.type === 'reset') this.stopsReceived++;
    this.waiting++;
    this.handling = this.handling
      .then(() => this.handle(command, stopsBefore))
      .catch(this.failed)
      .then(() => {
        this.waiting--;
        this.lastHandled = Math.max(this.lastHandled, command.seq ?? 0);
        this.answered();
      });
    return this.handling;
  }

  /**
   * Work of the worker's own, not the page's (measuring the backends again while all is quiet): queued behind the
   * commands received so far, never at the same time as one; not answered, and its failure is only logged.
   */
  enqueue(task: () => Promise<void>): Promise<void> {
    this.handling = this.handling.then(task).catch((error: unknown) => console.warn('Background work failed:', error));
    return this.handling;
  }

  /** Resolves once every command received so far has been handled and answered. */
  settled(): Promise<void> {
    return this.handling;
  }
}
