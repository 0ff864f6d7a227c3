/**
 * `npm run soak`'s verdict on one series of samples (a heap, a tensor count, a
 * backend's bytes), taken once a minute in the same state (idle after Reset).
 *
 * The rule: fit a least-squares line to the samples of the last two thirds of
 * the soak (the first third is left to warming up: the digits load, the
 * teachers are fetched or trained once, each backend is timed once per model
 * size). If that line rises, across the time those samples span, by more than
 * RELATIVE_RISE of the series' level (the median of the last third), and by
 * more than the series' floor (so a series at zero or a few bytes is not judged
 * on its noise), the series "grows without bound"; otherwise it is "flat". A
 * series rising at a steady rate keeps rising however long the lecture; one
 * that settled after warming up does not. Fewer than MIN_TREND_SAMPLES samples
 * in that window: "too short" to judge.
 */

export type SoakVerdict = 'flat' | 'grows without bound' | 'too short';

/** One sample of a series: `minute` since the soak began (fractional: when it was taken), and its value. */
export interface TrendPoint {
  minute: number;
  value: number;
}

export interface TrendSummary {
  /** The value at the first sample from minute 1 on (null when there is none). */
  first: number | null;
  /** Median of the samples of the last third of the soak. */
  lastThirdMedian: number | null;
  max: number | null;
  /** Least-squares slope over the last two thirds, per minute (null: too few samples). */
  slopePerMinute: number | null;
  /** That slope times the minutes its samples span: how much the line rises across them. */
  rise: number | null;
  /** The rise above which the series is said to grow: max(RELATIVE_RISE × level, floor). */
  threshold: number | null;
  verdict: SoakVerdict;
}

/** A rise of more than this share of the level, over the last two thirds, is growth. */
export const RELATIVE_RISE = 0.1;
/** A trend needs at least this many samples in the last two thirds. */
export const MIN_TREND_SAMPLES = 4;

export const TREND_RULE =
  `least-squares line through the samples of the last two thirds of the soak; "grows without bound" when it rises across them by more than ` +
  `${RELATIVE_RISE * 100}% of the median of the last third and by more than the series' floor (1 MB; 10 tensors), else "flat"; ` +
  `fewer than ${MIN_TREND_SAMPLES} samples there: "too short"`;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Least-squares slope of value on minute; null for fewer than two distinct minutes. */
export function leastSquaresSlope(points: readonly TrendPoint[]): number | null {
  if (points.length < 2) return null;
  const meanX = points.reduce((sum, p) => sum + p.minute, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + p.value, 0) / points.length;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.minute - meanX) ** 2;
    sxy += (p.minute - meanX) * (p.value - meanY);
  }
  return sxx > 0 ? sxy / sxx : null;
}

/**
 * The summary and verdict of one series. `points`: its samples (minute 0, taken before anything ran, is ignored:
 * loading the app is not growth); `floor`: the smallest rise worth calling growth, in the series' unit.
 */
export function summarizeTrend(points: readonly TrendPoint[], floor: number): TrendSummary {
  const usable = points.filter((p) => p.minute >= 1 && Number.isFinite(p.value)).sort((a, b) => a.minute - b.minute);
  const empty: TrendSummary = { first: null, lastThirdMedian: null, max: null, slopePerMinute: null, rise: null, threshold: null, verdict: 'too short' };
  if (usable.length === 0) return empty;
  const end = usable.at(-1)!.minute;
  const lastThirdMedian = median(usable.filter((p) => p.minute >= (2 * end) / 3).map((p) => p.value));
  const summary: TrendSummary = { ...empty, first: usable[0]!.value, lastThirdMedian, max: Math.max(...usable.map((p) => p.value)) };
  const window = usable.filter((p) => p.minute >= end / 3);
  const slope = leastSquaresSlope(window);
  if (window.length < MIN_TREND_SAMPLES || slope === null || lastThirdMedian === null) return summary;
  const rise = slope * (window.at(-1)!.minute - window[0]!.minute);
  const threshold = Math.max(RELATIVE_RISE * Math.abs(lastThirdMedian), floor);
  return { ...summary, slopePerMinute: slope, rise, threshold, verdict: rise > threshold ? 'grows without bound' : 'flat' };
}
