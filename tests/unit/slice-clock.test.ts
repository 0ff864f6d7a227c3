import { afterEach, describe, expect, it, vi } from 'vitest';
import { SliceClock } from '../../src/engine/slice-clock';

let now = 0;
afterEach(() => vi.restoreAllMocks());

describe('the clock of a slice of work', () => {
  it('never stops before the first unit, and stops before a unit that would end past the budget', () => {
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    now = 0;
    const clock = new SliceClock(100);
    expect(clock.outOfTime).toBe(false);
    now = 60; // a 60 ms unit: another would end at 120
    clock.unitDone();
    expect(clock.outOfTime).toBe(true);
  });

  it('runs short units until the budget is spent', () => {
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    now = 0;
    const clock = new SliceClock(100);
    let units = 0;
    while (!clock.outOfTime) {
      now += 2;
      clock.unitDone();
      units++;
    }
    expect(units).toBe(49); // 98 ms + the next 2 ms unit reaches the budget
  });

  it('with a budget of 0 runs one unit a slice', () => {
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    now = 0;
    const clock = new SliceClock(0);
    expect(clock.outOfTime).toBe(false);
    clock.unitDone();
    expect(clock.outOfTime).toBe(true);
  });
});
