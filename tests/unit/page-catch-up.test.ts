import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PageCatchUp } from '../../workers/page-catch-up';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Whether the promise has settled, after the microtasks queued so far. */
async function isSettled(promise: Promise<void>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await vi.advanceTimersByTimeAsync(0);
  return settled;
}

describe('the training loop waiting for the page (PageCatchUp)', () => {
  it('waits from the teacher’s announcement until the page says it has shown that run’s teacher', async () => {
    const catchUp = new PageCatchUp(500);
    expect(await isSettled(catchUp.wait())).toBe(true);
    catchUp.expect(3);
    const waited = catchUp.wait();
    expect(catchUp.waiting).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
    catchUp.shown(2); // a late answer about an earlier run
    expect(await isSettled(waited)).toBe(false);
    catchUp.shown(3);
    expect(await isSettled(waited)).toBe(true);
    expect(catchUp.waiting).toBe(false);
    expect(await isSettled(catchUp.wait())).toBe(true);
  });

  it('goes on after the limit when the page never answers, and not before', async () => {
    const catchUp = new PageCatchUp(500);
    catchUp.expect(1);
    const waited = catchUp.wait();
    await vi.advanceTimersByTimeAsync(499);
    expect(await isSettled(waited)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await isSettled(waited)).toBe(true);
  });

  it('a new announcement or a release ends the wait before it; a limit of 0 never waits', async () => {
    const catchUp = new PageCatchUp(500);
    catchUp.expect(1);
    const first = catchUp.wait();
    catchUp.expect(2);
    expect(await isSettled(first)).toBe(true);
    const second = catchUp.wait();
    expect(await isSettled(second)).toBe(false);
    catchUp.release();
    expect(await isSettled(second)).toBe(true);
    // The first limit's timer, cleared, does not end a later wait early.
    catchUp.expect(3);
    const third = catchUp.wait();
    await vi.advanceTimersByTimeAsync(499);
    expect(await isSettled(third)).toBe(false);

    const never = new PageCatchUp(0);
    never.expect(1);
    expect(never.waiting).toBe(false);
    expect(await isSettled(never.wait())).toBe(true);
  });
});
