/**
 * Work put off until just after the next frame: the page shows what changed first, then the work runs in a task of
 * its own (with the browser's layout of that frame already done, so the work does not force it). A hidden page draws
 * no frames, so a timer stands in there.
 *
 * `inTurn` queues such work one job per frame: the panels a teacher's results fill (the dark-knowledge matrix, the
 * digit strips, the charts) each change the page in a frame of their own, so no single frame lays out and paints
 * them all. Used by `Deferred` (heavy panels) and the live charts.
 */

/** Longest wait for a frame before the job runs anyway (hidden pages draw none). */
export const FRAME_WAIT_MS = 100;

/** Runs `job` once, in a task after the next frame or after FRAME_WAIT_MS, whichever is first; returns a cancel. */
export function afterNextFrame(job: () => void): () => void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    job();
  };
  let afterFrame: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (afterFrame = setTimeout(once, 0)));
  const fallback = setTimeout(once, FRAME_WAIT_MS);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(afterFrame);
    clearTimeout(fallback);
  };
}

const waiting: (() => void)[] = [];
let scheduled = false;

function runNext(): void {
  waiting.shift()?.();
  scheduled = waiting.length > 0;
  if (scheduled) afterNextFrame(runNext);
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
