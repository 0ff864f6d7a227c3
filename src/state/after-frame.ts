/**
 * Work put off until just after a frame, one job per frame (`inTurn`): the page shows what changed first, then the
 * job runs in a task of its own, with the browser's layout of that frame already done, so the job does not force
 * it. The panels a teacher's results fill (the dark-knowledge matrix, the digit strips, the charts) each change the
 * page in a frame of their own, so no single frame lays out and paints them all. Used by `Deferred` (heavy panels)
 * and the live charts. A hidden page draws no frames, so a timer stands in there.
 */

/** Longest wait for a frame before the next job runs anyway (hidden pages draw none). */
export const FRAME_WAIT_MS = 100;

/** Runs `job` once, in a task after the next frame or after FRAME_WAIT_MS, whichever is first. */
export function afterNextFrame(job: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    job();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, FRAME_WAIT_MS);
}

const waiting: (() => void)[] = [];
let scheduled = false;

function runNext(): void {
  try {
    waiting.shift()?.();
  } finally {
    // A job that throws (its error still reported as uncaught) must not stop the jobs behind it.
    scheduled = waiting.length > 0;
    if (scheduled) afterNextFrame(runNext);
  }
}

/**
 * Runs `job` once the page has caught up: every job waiting now has run, and every job those added (a deferred
 * panel whose update defers another), and the frame after the last has been drawn.
 */
export function whenSettled(job: () => void): void {
  inTurn(() => (waiting.length > 0 ? whenSettled(job) : job()));
}

/** Runs `job` after the next frame, after the jobs already waiting, one job per frame; returns a cancel. */
export function inTurn(job: () => void): () => void {
  // Each call gets its own entry, so cancelling one of two identical jobs leaves the other.
  const entry = () => job();
  waiting.push(entry);
  if (!scheduled) {
    scheduled = true;
    afterNextFrame(runNext);
  }
  return () => {
    const index = waiting.indexOf(entry);
    if (index >= 0) waiting.splice(index, 1);
  };
}
