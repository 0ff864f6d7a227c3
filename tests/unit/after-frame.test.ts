import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterNextFrame, FRAME_WAIT_MS } from '../../src/state/after-frame';

/** A page's frames, driven by hand: `frame()` runs the callbacks waiting for the next one. */
let waiting: Map<number, FrameRequestCallback>;
const frame = () => {
  const callbacks = [...waiting.values()];
  waiting.clear();
  for (const callback of callbacks) callback(performance.now());
};

beforeEach(() => {
  vi.useFakeTimers();
  waiting = new Map();
  let id = 0;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => (waiting.set(++id, callback), id));
  vi.stubGlobal('cancelAnimationFrame', (handle: number) => waiting.delete(handle));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('afterNextFrame', () => {
  it('runs the job in a task after the next frame, not in the frame itself, and only once', () => {
    const job = vi.fn();
    afterNextFrame(job);
    expect(job).not.toHaveBeenCalled();
    frame();
    expect(job).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(job).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(FRAME_WAIT_MS);
    expect(job).toHaveBeenCalledTimes(1);
  });

  it('runs it anyway when no frame comes (a hidden page)', () => {
    const job = vi.fn();
    afterNextFrame(job);
    vi.advanceTimersByTime(FRAME_WAIT_MS - 1);
    expect(job).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(job).toHaveBeenCalledTimes(1);
    frame();
    vi.advanceTimersByTime(0);
    expect(job).toHaveBeenCalledTimes(1);
  });

  it('never runs it once cancelled, before or after the frame', () => {
    const early = vi.fn();
    afterNextFrame(early)();
    const late = vi.fn();
    const cancelLate = afterNextFrame(late);
    frame();
    cancelLate();
    vi.advanceTimersByTime(FRAME_WAIT_MS * 2);
    expect(early).not.toHaveBeenCalled();
    expect(late).not.toHaveBeenCalled();
  });
});
