/**
 * The worker's yield between slices (src/engine/next-task.ts): a task, not a microtask, so the worker reads its
 * messages there; in a browser through a MessagePort, with no 4 ms clamp however often it is called. That Pause is
 * still read within a few epochs in the page is checked by a browser test (progress.test.ts, a 2-D run paused).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nextTask, portTasks } from '../../src/engine/next-task';

const opened: { close: () => void }[] = [];
afterEach(() => opened.splice(0).forEach((tasks) => tasks.close()));

describe('the next task', () => {
  it('is a task, not a microtask: promise callbacks queued after it run first', async () => {
    const seen: string[] = [];
    const yielded = nextTask().then(() => seen.push('next task'));
    void Promise.resolve()
      .then(() => seen.push('microtask'))
      .then(() => seen.push('its follow-up'));
    await yielded;
    expect(seen).toEqual(['microtask', 'its follow-up', 'next task']);
  });

  it('through a port: a task too, and each call resolves, in the order made', async () => {
    const tasks = portTasks();
    opened.push(tasks);
    const seen: string[] = [];
    const calls = [0, 1, 2].map((i) => tasks.next().then(() => seen.push(`task ${i}`)));
    void Promise.resolve().then(() => seen.push('microtask'));
    await Promise.all(calls);
    expect(seen).toEqual(['microtask', 'task 0', 'task 1', 'task 2']);
  });

  it('through a port: 300 yields in a row are not clamped as nested timers are (4 ms each after the fifth)', async () => {
    const tasks = portTasks();
    opened.push(tasks);
    const timed = async (next: () => Promise<void>) => {
      const start = performance.now();
      for (let i = 0; i < 300; i++) await next();
      return performance.now() - start;
    };
    const ported = await timed(tasks.next);
    // 300 clamped timers would take 1.2 s at least; Node clamps setTimeout(0) to 1 ms, so that is 0.3 s there.
    const timers = await timed(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(timers).toBeGreaterThan(290);
    expect(ported).toBeLessThan(timers / 3);
  });
});
