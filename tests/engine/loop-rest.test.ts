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

describe('the loop between slices', () => {
  it('rests 4 ms once it has worked 16 ms since the last rest, and otherwise only yields', async () => {
    const clock = fakeClock();
    const rest = new LoopRest(16, 4, clock.now, clock.sleep);
    // Slices of 7 ms (a "Low data" epoch): a rest after the third, then after every third or so.
    for (let slice = 0; slice < 9; slice++) {
      clock.advance(7);
      await rest.between();
    }
    expect(clock.sleeps).toEqual([4, 4, 4]);
    // A fifth of the time, at most, resting.
    expect((4 * 3) / clock.now()).toBeLessThanOrEqual(0.2);
  });

  it('after a slice of 100 ms rests once, 4% of it', async () => {
    const clock = fakeClock();
    const rest = new LoopRest(16, 4, clock.now, clock.sleep);
    for (let slice = 0; slice < 5; slice++) {
      clock.advance(100);
      await rest.between();
    }
    expect(clock.sleeps).toEqual([4, 4, 4, 4, 4]);
  });

  it('counts the work from Train or Resume, not from before a pause', async () => {
    const clock = fakeClock();
    const rest = new LoopRest(16, 4, clock.now, clock.sleep);
    clock.advance(10_000); // paused
    rest.working();
    clock.advance(7);
    await rest.between();
    expect(clock.sleeps).toEqual([]);
  });

  it('never rests with a rest of 0 (Node, where no page draws)', async () => {
    const clock = fakeClock();
    const rest = new LoopRest(0, 0, clock.now, clock.sleep);
    for (let slice = 0; slice < 5; slice++) {
      clock.advance(100);
      await rest.between();
    }
    expect(clock.sleeps).toEqual([]);
  });
});
