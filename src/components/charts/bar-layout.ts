/**
 * Where the distribution chart's pieces go (distribution-bars.ts draws them): the probability axis's ticks and the
 * grouped bars' rectangles, in CSS pixels. Pure arithmetic, no DOM, so unit tests reach it.
 */

export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Tick steps on a 0–1 axis, finest first; the first that leaves at least `minGap` px between ticks is used. */
const STEPS = [0.1, 0.2, 0.25, 0.5, 1];

/** The ticks of a 0–1 probability axis `height` px tall: as fine as fits with `minGap` px between labels. */
export function probabilityTicks(height: number, minGap: number): number[] {
  const step = STEPS.find((s) => s * height >= minGap) ?? 1;
  const count = Math.round(1 / step);
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toFixed(2)));
}

/** A tick's label as an axis shows it: 0, 0.2, 0.25, 1. */
export const tickLabel = (value: number) => String(Number(value.toFixed(2)));

export interface BarRect {
  series: number;
  category: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * One group of bars per category, one bar per shown series, side by side: each category takes an equal slot of the
 * plot's width, its group 80% of the slot, centred (as Chart.js draws grouped bars). Values are clamped to 0–1
 * (one that is not a number draws no bar).
 */
export function groupedBars(area: PlotArea, categories: number, series: readonly (readonly number[] | null)[]): BarRect[] {
  const shown = series.flatMap((values, index) => (values ? [{ values, index }] : []));
  if (categories === 0 || shown.length === 0) return [];
  const slot = area.width / categories;
  const barWidth = (0.8 * slot) / shown.length;
  const bars: BarRect[] = [];
  for (let category = 0; category < categories; category++) {
    const groupLeft = area.left + category * slot + 0.1 * slot;
    shown.forEach(({ values, index }, k) => {
      const raw = values[category] ?? 0;
      const value = Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0;
      const height = value * area.height;
      bars.push({ series: index, category, x: groupLeft + k * barWidth, y: area.top + area.height - height, width: barWidth, height });
    });
  }
  return bars;
}

/** The category under the x coordinate `x`, or null outside the plot. */
export function categoryAt(area: PlotArea, categories: number, x: number): number | null {
  if (categories === 0 || x < area.left || x >= area.left + area.width) return null;
  return Math.min(categories - 1, Math.floor(((x - area.left) / area.width) * categories));
}
