/**
 * Tick labels that stay distinct and plain: percentages with as many decimals as
 * the tick step needs, and log axes written 1000, 0.01, 1e-5 (never "1,000.00000").
 */

/** The fewest decimals (0–4) that write `step` exactly. */
export function decimalsFor(step: number): number {
  for (let d = 0; d < 4; d++) {
    const scaled = Math.abs(step) * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 4;
}

/** The smallest gap between neighbouring tick values (0 when fewer than two). */
export function smallestStep(values: readonly number[]): number {
  let step = Infinity;
  for (let i = 1; i < values.length; i++) {
    const gap = Math.abs(values[i]! - values[i - 1]!);
    if (gap > 1e-12) step = Math.min(step, gap);
  }
  return Number.isFinite(step) ? step : 0;
}

/** Fractions written as percentages, precise enough that neighbouring ticks differ: 95%, 95.5%, 96%. */
export function percentLabels(values: readonly number[]): string[] {
  const decimals = decimalsFor(100 * smallestStep(values));
  return values.map((v) => `${(100 * v).toFixed(decimals)}%`);
}

/** One positive number, plainly: 1000, 0.5, 0.0001; 1e-5 and 2e6 beyond. */
export function plainNumber(value: number): string {
  if (!(value > 0)) return value === 0 ? '0' : '';
  const [mantissa, exponent] = value.toExponential(2).split('e').map(Number) as [number, number];
  const m = Number(mantissa.toFixed(2));
  if (exponent < -4 || exponent > 5) return `${m}e${exponent}`;
  return String(Number((m * 10 ** exponent).toFixed(Math.max(0, 2 - exponent))));
}

/** Whether each value is a 1, 2 or 5 of its decade. */
const niceOfDecade = (values: readonly number[]) => values.map((v) => v > 0 && [1, 2, 5].includes(Number(v.toExponential(6).split('e')[0])));

/** Log-axis labels: only 1, 2 and 5 of each decade, as Chart.js does, unless that leaves fewer than two. */
export function logLabels(values: readonly number[]): string[] {
  const nice = niceOfDecade(values);
  const shown = nice.filter(Boolean).length >= 2 ? nice : values.map(() => true);
  return values.map((v, i) => (shown[i] ? plainNumber(v) : ''));
}

/**
 * The ticks of a log axis worth keeping: its 1s, 2s and 5s where there are two or more, else all of them. For
 * `afterBuildTicks`: Chart.js's auto-skip thins a short axis's ticks after they are labelled, and on a loss chart
 * spanning less than a decade it kept one labelled tick of five ("1").
 */
export function logTicksToKeep<T extends { value: number }>(ticks: readonly T[]): T[] {
  const nice = niceOfDecade(ticks.map((t) => t.value));
  return nice.filter(Boolean).length >= 2 ? ticks.filter((_, i) => nice[i]) : [...ticks];
}

/**
 * Non-negative ticks (epochs, accuracies) written plainly, as Chart.js would (5, 0.2, 1), without its default
 * formatter: that builds an Intl.NumberFormat, 10–25 ms of the page's first chart in CPU profiles here.
 */
export function plainLabels(values: readonly number[]): string[] {
  return values.map(plainNumber);
}

/**
 * A Chart.js `ticks.callback` from one of the label functions above. Chart.js calls it once per tick, in order, with
 * the whole list each time: the labels are worked out once per list (at its first tick), not once per tick — a log
 * axis of ~40 ticks cost 1,600 labels a layout, 30–45 ms of a run's first chart update here.
 */
export function tickCallback(labels: (values: readonly number[]) => string[]) {
  let forTicks: readonly { value: number }[] | null = null;
  let written: string[] = [];
  return (_value: number | string, index: number, ticks: { value: number }[]): string => {
    if (index === 0 || ticks !== forTicks) {
      forTicks = ticks;
      written = labels(ticks.map((t) => t.value));
    }
    return written[index] ?? '';
  };
}
