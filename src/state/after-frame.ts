/**
 * Work put off until just after the next frame: the page shows what changed first, then the work runs in a task of
 * its own (with the browser's layout of that frame already done, so the work does not force it). A hidden page draws
 * no frames, so a timer stands in there. Used by `Deferred` (heavy panels) and the live charts' queue.
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
