/**
 * Per-class accuracy and the bias shift (paper, §3: raising the bias of a
 * class the student never saw lets it predict that class; lowering the biases
 * of the only classes it saw lets it predict the others).
 * Logits are row-major with `classes` per row.
 */
import { argmax } from './metrics';
import { PUBLISHED } from './published';
import { assertTemperature } from './softmax';
import { keptClassList, type Settings } from './settings';

/** The classes a bias shift applies to: one class (−1 for none) or several (the kept classes, lowered together). */
export type ShiftedClasses = number | readonly number[];

const shiftedSet = (classes: ShiftedClasses): readonly number[] => (typeof classes === 'number' ? (classes >= 0 ? [classes] : []) : classes);

/** Prediction of each row after adding `shift` to the logits of the shifted classes (`isShifted[k]`). */
function predict(logits: ArrayLike<number>, row: number, classes: number, isShifted: readonly boolean[], shift: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let k = 0; k < classes; k++) {
    const value = logits[row * classes + k]! + (isShifted[k] ? shift : 0);
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

/** Accuracy overall and per class, after adding `shift` to the logits of `shiftedClasses` (one class, −1 for none, or several). */
export function classAccuracy(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number, shiftedClasses: ShiftedClasses = -1, shift = 0): ClassAccuracy {
  const correct = new Array<number>(classes).fill(0);
  const total = new Array<number>(classes).fill(0);
  const shifted = shiftedSet(shiftedClasses);
  const isShifted = Array.from({ length: classes }, (_, k) => shifted.includes(k));
  let right = 0;
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row]!;
    const guess = shifted.length === 0 || shift === 0 ? argmax(logits, row * classes, classes) : predict(logits, row, classes, isShifted, shift);
    total[label]!++;
    if (guess === label) {
      correct[label]!++;
      right++;
    }
  }
  return { overall: right / labels.length, perClass: correct.map((c, k) => c / total[k]!), errors: labels.length - right };
}

export interface ShiftGrid {
  min: number;
  max: number;
  step: number;
}

/** Where the search for a raised bias looks (an omitted class: the paper raised the 3s' by 3.5). */
export const RAISE_GRID: ShiftGrid = { min: -2, max: 15, step: 0.25 };
/** Where the search for a lowered bias looks (kept classes: the paper lowered the 7s' and 8s' by 7.6). */
export const LOWER_GRID: ShiftGrid = { min: -20, max: 2, step: 0.25 };

/** Class names in a sentence: "7 and 8", "3, 5 and 8". */
export const joinClasses = (names: readonly (number | string)[]): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** The paper's 7s-and-8s run (§3): test error of the student trained on 7s and 8s only, before and after lowering their biases by 7.6. */
export const PAPER_KEPT_SEVENS_EIGHTS = PUBLISHED.sevensEights;

/** The bias control of a run whose students never learn from some classes: which classes one shift moves, and where to search for it. */
export interface BiasControl {
  /** 'omitted': raise the omitted class's bias; 'kept': lower the kept classes' biases, together. */
  kind: 'omitted' | 'kept';
  classes: number[];
  grid: ShiftGrid;
}

/** The run's bias control, or null when its students learn from every class. */
export function biasControlOf(settings: Pick<Settings, 'omittedClass' | 'keptClasses'>): BiasControl | null {
  if (settings.omittedClass >= 0) return { kind: 'omitted', classes: [settings.omittedClass], grid: RAISE_GRID };
  const kept = keptClassList(settings.keptClasses);
  return kept.length > 0 ? { kind: 'kept', classes: kept, grid: LOWER_GRID } : null;
}

/**
 * The one bias shift, added to the logits of the shifted classes together, that
 * maximises overall accuracy on the given (training) data, searched on a grid;
 * ties go to the smallest |shift|.
 */
export function bestBiasShift(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  shiftedClasses: ShiftedClasses,
  grid: ShiftGrid = RAISE_GRID,
): { shift: number; accuracy: number } {
  const shifts: number[] = [];
  for (let shift = grid.min; shift <= grid.max + 1e-9; shift += grid.step) shifts.push(shift);
  // No shift scored in the same pass (at shift 0 the rule below is the plain arg-max).
  const scored = [...new Set([0, ...shifts])].sort((a, b) => a - b);
  const correct = correctPerShift(logits, labels, classes, shiftedClasses, scored);
  const accuracyAt = (shift: number) => correct[scored.indexOf(shift)]! / labels.length;
  let best = { shift: 0, accuracy: accuracyAt(0) };
  shifts.forEach((shift) => {
    const accuracy = accuracyAt(shift);
    if (accuracy > best.accuracy + 1e-12 || (Math.abs(accuracy - best.accuracy) < 1e-12 && Math.abs(shift) < Math.abs(best.shift))) {
      best = { shift: Math.round(shift * 1000) / 1000, accuracy };
    }
  });
  return best;
}

/**
 * How many rows each shift of an ascending list gets right. A row's prediction is its best unshifted class or its
 * best shifted one (one shift raises every shifted class alike), and it moves from the first to the second once, as
 * the shift grows; so each row costs one pass over its classes and a binary search over the shifts, instead of a
 * prediction per shift: 60,000 training digits against 89 shifts took ~300 ms on the page's main thread at the end
 * of the 7s-and-8s run. Ties go to the lower class index, as in `classAccuracy`; tests check it against every shift.
 */
export function correctPerShift(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number, shiftedClasses: ShiftedClasses, shifts: readonly number[]): Int32Array {
  const n = shifts.length;
  const shifted = shiftedSet(shiftedClasses);
  const isShifted = Array.from({ length: classes }, (_, k) => shifted.includes(k));
  /** Rows right from this shift on, minus those right only up to it (a difference array over the shifts). */
  const change = new Int32Array(n + 1);
  for (let row = 0; row < labels.length; row++) {
    // The first best class of each kind (−1 and −∞ where a kind has none).
    let bestPlain = -1;
    let plain = -Infinity;
    let bestShifted = -1;
    let raised = -Infinity;
    // Plain assignments and no closure per row: 60,000 rows of array literals kept the garbage collector busy.
    for (let k = 0; k < classes; k++) {
      const value = logits[row * classes + k]!;
      if (isShifted[k]) {
        if (value > raised) {
          raised = value;
          bestShifted = k;
        }
      } else if (value > plain) {
        plain = value;
        bestPlain = k;
      }
    }
    // No value above −∞ (or only NaN): the arg-max is class 0 at every shift, as in `classAccuracy`.
    if (bestPlain < 0 && bestShifted < 0) bestPlain = 0;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const raisedTo = raised + shifts[mid]!;
      // The shifted class wins at this shift: strictly higher, or as high and first in the scan.
      if (bestShifted >= 0 && (bestPlain < 0 || raisedTo > plain || (raisedTo === plain && bestShifted < bestPlain))) hi = mid;
      else lo = mid + 1;
    }
    const label = labels[row]!;
    if (lo > 0 && bestPlain === label) {
      change[0]!++;
      change[lo]!--;
    }
    if (lo < n && bestShifted === label) {
      change[lo]!++;
      change[n]!--;
    }
  }
  const correct = new Int32Array(n);
  let running = 0;
  for (let i = 0; i < n; i++) correct[i] = running += change[i]!;
  return correct;
}

/**
 * Mean probability the model gives each class (columns) for examples of each
 * true class (rows), at temperature T: the "dark-knowledge matrix". Computed
 * row by row in place (no array per row): the page redoes it for 10,000 test
 * digits on every move of the temperature slider.
 */
export function meanSoftMatrix(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number, temperature: number): number[][] {
  assertTemperature(temperature);
  const sums = Array.from({ length: classes }, () => new Float64Array(classes));
  const counts = new Array<number>(classes).fill(0);
  const scratch = new Float64Array(classes);
  for (let row = 0; row < labels.length; row++) {
    const start = row * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[start + k]! / temperature);
    let total = 0;
    for (let k = 0; k < classes; k++) total += scratch[k] = Math.exp(logits[start + k]! / temperature - max);
    const label = labels[row]!;
    counts[label]!++;
    const rowSums = sums[label]!;
    for (let k = 0; k < classes; k++) rowSums[k]! += scratch[k]! / total;
  }
  return sums.map((rowSums, label) => Array.from(rowSums, (v) => v / Math.max(1, counts[label]!)));
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

/**
 * A student's accuracy on the classes a bias control moves and overall, before and after `shift` — the shift that is
 * best on the training split (`bestBiasShift`, never chosen on the test split): what the paper reports for its
 * omitted-3s and 7s-and-8s runs.
 */
export function shiftMeasurement(
  control: BiasControl,
  test: { logits: ArrayLike<number>; labels: ArrayLike<number> },
  shift: number,
  classes: number,
): { shift: number; classAcc: number; classAccShifted: number; overall: number; overallShifted: number; classCount: number } {
  const before = classAccuracy(test.logits, test.labels, classes);
  const after = classAccuracy(test.logits, test.labels, classes, control.classes, shift);
  const first = control.classes[0]!;
  let classCount = 0;
  for (let row = 0; row < test.labels.length; row++) if (control.classes.includes(test.labels[row]!)) classCount++;
  return { shift, classAcc: before.perClass[first]!, classAccShifted: after.perClass[first]!, overall: before.overall, overallShifted: after.overall, classCount };
}

/** A student beside its teacher on one set of examples: both accuracies, their agreement, and the most agreement those accuracies allow. */
export interface Fidelity {
  studentAcc: number;
  teacherAcc: number;
  /** Share of examples on which the two predict the same class (top-1 agreement). */
  agreement: number;
  /**
   * 1 − |teacherAcc − studentAcc|: two models agree at most this often, since wherever exactly one of them is
   * right they differ. Agreement below it means the student is not merely "the teacher, a bit worse": it is right
   * and wrong on other examples than the teacher (Stanton et al. 2021: fidelity is not accuracy).
   */
  ceiling: number;
}

/** The student's fidelity to its teacher on examples with these labels (logits row-major, `classes` per row). */
export function fidelity(student: ArrayLike<number>, teacher: ArrayLike<number>, labels: ArrayLike<number>, classes: number): Fidelity {
  const studentAcc = classAccuracy(student, labels, classes).overall;
  const teacherAcc = classAccuracy(teacher, labels, classes).overall;
  return { studentAcc, teacherAcc, agreement: agreement(student, teacher, classes), ceiling: 1 - Math.abs(teacherAcc - studentAcc) };
}

/**
 * How evenly a model spreads its doubt over the wrong classes, per example: the entropy (bits) of its
 * probabilities at temperature T over the classes other than the true one, renormalised, averaged over the
 * examples. log₂(K − 1) bits (3.17 for digits) says nothing about which wrong class an example resembles; a
 * label-smoothed teacher comes close to it (Müller, Kornblith & Hinton 2019: smoothing erases that information).
 */
export function wrongClassEntropy(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number, temperature: number): number {
  assertTemperature(temperature);
  const scratch = new Float64Array(classes);
  let sum = 0;
  for (let row = 0; row < labels.length; row++) {
    const start = row * classes;
    const label = labels[row]!;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) if (k !== label) max = Math.max(max, logits[start + k]! / temperature);
    let total = 0;
    for (let k = 0; k < classes; k++) total += scratch[k] = k === label ? 0 : Math.exp(logits[start + k]! / temperature - max);
    let entropy = 0;
    for (let k = 0; k < classes; k++) {
      const p = scratch[k]! / total;
      if (p > 0) entropy -= p * Math.log2(p);
    }
    sum += entropy;
  }
  return labels.length === 0 ? NaN : sum / labels.length;
}
