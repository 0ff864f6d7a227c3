/** The distribution chart's geometry (src/components/charts/bar-layout.ts): ticks that fit, bars where they belong. */
import { describe, expect, it } from 'vitest';
import { categoryAt, groupedBars, probabilityTicks, tickLabel } from '../../src/components/charts/bar-layout';

describe('the probability axis', () => {
  it('takes the finest step whose ticks are far enough apart', () => {
    expect(probabilityTicks(500, 30)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(probabilityTicks(150, 26)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(probabilityTicks(100, 25)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(probabilityTicks(60, 26)).toEqual([0, 0.5, 1]);
    expect(probabilityTicks(10, 26)).toEqual([0, 1]);
    expect(probabilityTicks(150, 26).map(tickLabel)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
  });
});

describe('grouped bars', () => {
  const area = { left: 40, top: 10, width: 300, height: 200 };

  it('puts one bar per shown series in each class slot, 80% of it, heights from the values', () => {
    const bars = groupedBars(area, 3, [[0.5, 0.25, 0.25], [1, 0, 0], null]);
    expect(bars).toHaveLength(6);
    const first = bars.filter((b) => b.category === 0);
    // Slot 100 px; the group 80 px from 50 (10% in); two series share it.
    expect(first.map((b) => [b.series, b.x, b.width])).toEqual([[0, 50, 40], [1, 90, 40]]);
    expect(first.map((b) => [b.y, b.height])).toEqual([[110, 100], [10, 200]]);
    expect(bars.filter((b) => b.category === 2)[0]!.x).toBe(250);
  });

  it('clamps values outside 0–1 and treats a missing value as 0', () => {
    const bars = groupedBars(area, 2, [[1.5, Number.NaN]]);
    expect(bars.map((b) => b.height)).toEqual([200, 0]);
    expect(groupedBars(area, 2, [[0.5]])[1]!.height).toBe(0);
  });

  it('draws nothing with no classes or no series shown', () => {
    expect(groupedBars(area, 0, [[1]])).toEqual([]);
    expect(groupedBars(area, 3, [null, null])).toEqual([]);
  });

  it('finds the class under the pointer, and none outside the plot', () => {
    expect(categoryAt(area, 3, 40)).toBe(0);
    expect(categoryAt(area, 3, 239)).toBe(1);
    expect(categoryAt(area, 3, 339.9)).toBe(2);
    expect(categoryAt(area, 3, 39)).toBeNull();
    expect(categoryAt(area, 3, 340)).toBeNull();
  });
});
