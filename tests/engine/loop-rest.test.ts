/** The training loop's rests between slices (workers/loop-rest.ts), on a fake clock. */
import { describe, expect, it } from 'vitest';
import { LoopRest } from '../../workers/loop-rest';

function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    advance: (ms: number) => (now += ms),
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** `count` slices of `ms` each, the loop between them. */
async function slices(rest: LoopRest, clock: ReturnType<typeof fakeClock>, count: number, ms: number): Promise<void> {
  for (let slice = 0; slice < count; slice++) {
    clock.advance(ms);
    await rest.between();
  }
}

describe('the loop between slices', () => {
  it('rests 4 ms once it has worked 16 ms since the last rest, and otherwise only yields', async () => {
    const clock = fakeClock();
    const rest = new LoopRest(16, 4, clock.now, clock.sleep);
    // Slices of 7 ms (a "Low data" epoch): a rest after the third, then after every third or so.
    await slices(rest, clock, 9, 7);
    expect(clock.sleeps).toEqual([4, 4, 4]);
    // A fifth of the time, at most, resting.
    expect((4 * 3) / clock.now()).toBeLessThanOrEqual(0.2);
  });

  it('after a slice of 100 ms rests once, 4% of it', async () => {
    const clock = fakeClock();
    const rest = new LoopRest(16, 4, clock.now, clock.sleep);
    await slices(rest, clock, 5, 100);
    expect(clock.sleeps).toEqual([4, 4, 4, 4, 4]);
  });

  it('counts the work from Train or Resume, not from before a pause', async () => {
    const clock = fakeClock();
    const rest = new LoopRest(16, 4, clock.now, clock.sleep);
    clock.advance(10_000); // paused
    rest.working();
    await slices(rest, clock, 1, 7);
    expect(clock.sleeps).toEqual([]);
  });

  it('never rests with a rest of 0 (Node, where no page draws)', async () => {
    const clock = fakeClock();
    const rest = new LoopRest(0, 0, clock.now, clock.sleep);
    await slices(rest, clock, 5, 100);
    expect(clock.sleeps).toEqual([]);
  });
});
