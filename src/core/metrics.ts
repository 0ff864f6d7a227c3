/** Classification metrics on plain arrays (row-major logits, integer labels). */

export function argmax(values: ArrayLike<number>, offset = 0, length = values.length - offset): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < length; i++) {
    const v = values[offset + i]!;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}

/** Fraction of rows whose largest logit is the label. */
export function accuracy(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  if (labels.length === 0) return NaN;
  let correct = 0;
  for (let row = 0; row < labels.length; row++) {
    if (argmax(logits, row * classes, classes) === labels[row]) correct++;
  }
  return correct / labels.length;
}

/** Generalisation gap: train accuracy minus test accuracy (fractions). */
export function generalisationGap(trainAccuracy: number, testAccuracy: number): number {
  return trainAccuracy - testAccuracy;
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function standardDeviation(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, values.length - 1));
}
