/**
 * Per-class accuracy and the omitted-class bias shift (paper, §3: raising the
 * bias of a class the student never saw lets it predict that class).
 * Logits are row-major with `classes` per row.
 */
import { argmax } from './metrics';

/** Prediction of each row after adding `shift` to one class's logit. */
function predict(logits: ArrayLike<number>, row: number, classes: number, shiftedClass: number, shift: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let k = 0; k < classes; k++) {
    const value = logits[row * classes + k]! + (k === shiftedClass ? shift : 0);
    if (value > bestValue) {
      bestValue = value;
      best = k;
    }
  }
  return best;
}

export interface ClassAccuracy {
  overall: number;
  /** Accuracy on the examples of each class (NaN for a class with none). */
  perClass: number[];
  errors: number;
}

export function classAccuracy(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number, shiftedClass = -1, shift = 0): ClassAccuracy {
  const correct = new Array<number>(classes).fill(0);
  const total = new Array<number>(classes).fill(0);
  let right = 0;
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row]!;
    const guess = shiftedClass < 0 || shift === 0 ? argmax(logits, row * classes, classes) : predict(logits, row, classes, shiftedClass, shift);
    total[label]!++;
    if (guess === label) {
      correct[label]!++;
      right++;
    }
  }
  return { overall: right / labels.length, perClass: correct.map((c, k) => c / total[k]!), errors: labels.length - right };
}

/**
 * The bias shift for one class that maximises overall accuracy on the given
 * (training) data, searched on a grid; ties go to the smallest |shift|.
 */
export function bestBiasShift(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  shiftedClass: number,
  grid: { min: number; max: number; step: number } = { min: -2, max: 15, step: 0.25 },
): { shift: number; accuracy: number } {
  let best = { shift: 0, accuracy: classAccuracy(logits, labels, classes).overall };
  for (let shift = grid.min; shift <= grid.max + 1e-9; shift += grid.step) {
    const accuracy = classAccuracy(logits, labels, classes, shiftedClass, shift).overall;
    if (accuracy > best.accuracy + 1e-12 || (Math.abs(accuracy - best.accuracy) < 1e-12 && Math.abs(shift) < Math.abs(best.shift))) {
      best = { shift: Math.round(shift * 1000) / 1000, accuracy };
    }
  }
  return best;
}

/**
 * Mean probability the model gives each class (columns) for examples of each
 * true class (rows), at temperature T: the "dark-knowledge matrix".
 */
export function meanSoftMatrix(probabilities: (row: number) => number[], labels: ArrayLike<number>, classes: number): number[][] {
  const sums = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const counts = new Array<number>(classes).fill(0);
  for (let row = 0; row < labels.length; row++) {
    const p = probabilities(row);
    const label = labels[row]!;
    counts[label]!++;
    for (let k = 0; k < classes; k++) sums[label]![k]! += p[k]!;
  }
  return sums.map((rowSums, label) => rowSums.map((v) => v / Math.max(1, counts[label]!)));
}

/** counts[true][predicted] over all rows. */
export function confusionMatrix(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let row = 0; row < labels.length; row++) counts[labels[row]!]![argmax(logits, row * classes, classes)]!++;
  return counts;
}

/** Fidelity: the share of rows where two models predict the same class (Stanton et al. 2021: not the same as accuracy). */
export function agreement(a: ArrayLike<number>, b: ArrayLike<number>, classes: number): number {
  const rows = a.length / classes;
  let same = 0;
  for (let row = 0; row < rows; row++) if (argmax(a, row * classes, classes) === argmax(b, row * classes, classes)) same++;
  return same / rows;
}
