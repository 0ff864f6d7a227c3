/**
 * The next task of the event loop, where a worker reads the page's messages (Pause, Reset, a drawn digit) before it
 * goes on. Not `setTimeout(0)`: browsers clamp nested timers to 4 ms (HTML's timer nesting rule), and a 2-D run
 * reports every epoch, so "Low data" spent 1.4 s of its 3.1 s in the page waiting on such timers (330 slices, each
 * followed by one). A MessagePort's message is a task with no clamp, queued behind messages already received. Node has
 * `setImmediate` (where a port with a listener would keep the process alive).
 */

type Immediate = (callback: () => void) => unknown;

/** Yields to the next task through a MessageChannel: calls resolve in the order made. `close()` frees the ports. */
export function portTasks(): { next: () => Promise<void>; close: () => void } {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return {
    next: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      }),
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}

let shared: (() => Promise<void>) | null = null;

/** Resolves in the next task (setImmediate in Node; a MessagePort's message in a browser or worker). */
export function nextTask(): Promise<void> {
  if (!shared) {
    const immediate = (globalThis as { setImmediate?: Immediate }).setImmediate;
    shared = immediate ? () => new Promise<void>((resolve) => immediate(resolve)) : portTasks().next;
  }
  return shared();
}
