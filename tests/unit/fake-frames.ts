/**
 * A page's frames, driven by hand, for tests of work put off until after a frame: fake timers, and
 * requestAnimationFrame whose callbacks run only when the test calls `frame()`. Call at a test file's top level.
 */
import { afterEach, beforeEach, vi } from 'vitest';

export function useFakeFrames() {
  let waiting = new Map<number, FrameRequestCallback>();
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
  /** Runs the callbacks waiting for the next frame. */
  const frame = () => {
    const callbacks = [...waiting.values()];
    waiting.clear();
    for (const callback of callbacks) callback(performance.now());
  };
  /** One frame, then the tasks queued after it. */
  const frameThenTasks = () => {
    frame();
    vi.advanceTimersByTime(0);
  };
  return { frame, frameThenTasks };
}
