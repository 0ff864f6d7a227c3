import { describe, expect, it } from 'vitest';
import { bestBiasShift, classAccuracy, meanSoftMatrix } from '../../src/core/class-metrics';
import { LOWER_GRID, RAISE_GRID, correctPerShift, type ShiftGrid, type ShiftedClasses } from '../../src/core/class-metrics';
import { createRng } from '../../src/core/rng';
import { softmax } from '../../src/core/softmax';

// Three classes; class 2 is never predicted unless its logit is raised.
const logits = Float32Array.from([
  5, 1, 0, // label 0
  1, 5, 0, // label 1
  3, 1, 2.5, // label 2: predicted 0 by 0.5
  1, 3, 1.9, // label 2: predicted 1 by 1.1
  4, 1, 3, // label 0: a shift above 1 breaks it
]);
const labels = Int32Array.from([0, 1, 2, 2, 0]);

describe('per-class accuracy and the bias shift', () => {
  it('counts accuracy per class and overall', () => {
    const result = classAccuracy(logits, labels, 3);
    expect(result.perClass).toEqual([1, 1, 0]);
    expect(result.overall).toBeCloseTo(0.6, 12);
    expect(result.errors).toBe(2);
  });

  it('adds a bias to one class before the arg-max', () => {
    expect(classAccuracy(logits, labels, 3, 2, 0.75).perClass).toEqual([1, 1, 0.5]);
    expect(classAccuracy(logits, labels, 3, 2, 1.25).perClass).toEqual([0.5, 1, 1]);
  });

  it('finds the shift that maximises overall accuracy on the given data', () => {
    const best = bestBiasShift(logits, labels, 3, 2, { min: -1, max: 3, step: 0.25 });
    expect(best.accuracy).toBeCloseTo(0.8, 12);
    expect(best.shift).toBeGreaterThan(0.5);
    expect(best.shift).toBeLessThanOrEqual(1);
  });
});

/** The search as first written: every shift of the grid scored over every row. */
function bestByEveryShift(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number, shifted: ShiftedClasses, grid: ShiftGrid) {
  let best = { shift: 0, accuracy: classAccuracy(logits, labels, classes).overall };
  for (let shift = grid.min; shift <= grid.max + 1e-9; shift += grid.step) {
    const accuracy = classAccuracy(logits, labels, classes, shifted, shift).overall;
    if (accuracy > best.accuracy + 1e-12 || (Math.abs(accuracy - best.accuracy) < 1e-12 && Math.abs(shift) < Math.abs(best.shift))) best = { shift: Math.round(shift * 1000) / 1000, accuracy };
  }
  return best;
}

describe('the bias-shift search', () => {
  it('finds the same shift and accuracy as scoring every shift, ties and whole-number logits included', () => {
    const rng = createRng(7);
    const cases: [ShiftedClasses, ShiftGrid][] = [[3, RAISE_GRID], [[7, 8], LOWER_GRID], [[0, 4, 9], { min: -6, max: 6, step: 0.5 }], [-1, RAISE_GRID]];
    for (let trial = 0; trial < 40; trial++) {
      const rows = 50 + Math.floor(rng.next() * 400);
      // Every other trial on a coarse grid of values, so ties between classes (and at the shift) are common.
      const coarse = trial % 2 === 0;
      const logits = Float32Array.from({ length: rows * 10 }, () => (coarse ? Math.round(rng.next() * 8) / 2 : rng.next() * 12 - 4));
      const labels = Int32Array.from({ length: rows }, () => Math.floor(rng.next() * 10));
      const [shifted, grid] = cases[trial % cases.length]!;
      expect(bestBiasShift(logits, labels, 10, shifted, grid)).toEqual(bestByEveryShift(logits, labels, 10, shifted, grid));
      const shifts = Array.from({ length: 1 + Math.round((grid.max - grid.min) / grid.step) }, (_, i) => grid.min + i * grid.step);
      expect(Array.from(correctPerShift(logits, labels, 10, shifted, shifts))).toEqual(shifts.map((shift) => rows - classAccuracy(logits, labels, 10, shifted, shift).errors));
    }
  });

  it('scores rows without a finite logit as class 0, as the plain arg-max does', () => {
    const logits = Float32Array.from([-Infinity, -Infinity, -Infinity, 1, 0, 2]);
    const labels = Int32Array.from([0, 2]);
    expect(Array.from(correctPerShift(logits, labels, 3, 2, [-1, 0, 1]))).toEqual([1, 2, 2].map((_, i) => 2 - classAccuracy(logits, labels, 3, 2, [-1, 0, 1][i]!).errors));
  });

  it('moves a shift only where the data reward it', () => {
    // Class 9 never predicted: raising it by more than 2 rights the 9s and breaks nothing until 5.
    const logits = Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 5, 3, 0, 0, 0, 0, 0, 0, 0, 0, 8, 2.5, 0, 0, 0, 0, 0, 0, 0, 0, 9, 1]);
    const labels = Int32Array.from([9, 8, 8]);
    expect(bestBiasShift(logits, labels, 10, 9, RAISE_GRID)).toEqual({ shift: 2.25, accuracy: 1 });
  });
});

describe('mean soft matrix', () => {
  it('averages each true class’s softmax rows at the temperature', () => {
    const logitRows = [[2, 0], [1, 0.5], [-1, 1]];
    const labels = [0, 0, 1];
    for (const T of [1, 4]) {
      const matrix = meanSoftMatrix(logitRows.flat(), labels, 2, T);
      const rows = logitRows.map((z) => softmax(z, T));
      expect(matrix[0]![0]).toBeCloseTo((rows[0]![0]! + rows[1]![0]!) / 2, 12);
      expect(matrix[0]![1]).toBeCloseTo((rows[0]![1]! + rows[1]![1]!) / 2, 12);
      expect(matrix[1]![0]).toBeCloseTo(rows[2]![0]!, 12);
      expect(matrix[1]![1]).toBeCloseTo(rows[2]![1]!, 12);
    }
    // Raising T moves probability to the wrong class.
    expect(meanSoftMatrix(logitRows.flat(), labels, 2, 4)[0]![1]).toBeGreaterThan(meanSoftMatrix(logitRows.flat(), labels, 2, 1)[0]![1]!);
  });

  it('stays finite for huge logits and a class with no examples reads zero', () => {
    const matrix = meanSoftMatrix([1000, -1000, 0], [0], 3, 0.05);
    expect(matrix[0]).toEqual([1, 0, 0]);
    expect(matrix[2]).toEqual([0, 0, 0]);
  });
});

describe('confusion and fidelity', () => {
  it('counts true against predicted classes', async () => {
    const { confusionMatrix } = await import('../../src/core/class-metrics');
    expect(confusionMatrix(logits, labels, 3)).toEqual([[2, 0, 0], [0, 1, 0], [1, 1, 0]]);
  });

  it('measures how often two models agree, whatever the labels', async () => {
    const { agreement } = await import('../../src/core/class-metrics');
    expect(agreement(logits, logits, 3)).toBe(1);
    const flipped = Float32Array.from(logits, (v, i) => (i % 3 === 2 ? v + 10 : v));
    expect(agreement(logits, flipped, 3)).toBe(0);
  });
});

describe('fidelity beside accuracy (Stanton et al. 2021)', () => {
  // Four examples of three classes; the teacher gets the first three right, the student the last three.
  const labels4 = [0, 1, 2, 0];
  const rows = (predicted: number[]) => Float32Array.from(predicted.flatMap((k) => [0, 1, 2].map((c) => (c === k ? 5 : 0))));
  const teacher = rows([0, 1, 2, 1]);
  const student = rows([2, 1, 2, 0]);

  it('gives both accuracies, the agreement and the most agreement those accuracies allow', async () => {
    const { fidelity } = await import('../../src/core/class-metrics');
    // Both are 75% accurate, so they could agree everywhere; they agree on two examples of four.
    expect(fidelity(student, teacher, labels4, 3)).toEqual({ studentAcc: 0.75, teacherAcc: 0.75, agreement: 0.5, ceiling: 1 });
    // A student that is the teacher made worse (wrong wherever the teacher is wrong, and once more) reaches the ceiling.
    const worse = rows([0, 2, 2, 1]);
    const f = fidelity(worse, teacher, labels4, 3);
    expect(f.studentAcc).toBe(0.5);
    expect(f.agreement).toBe(0.75);
    expect(f.ceiling).toBe(0.75);
  });

  it('never finds agreement above the ceiling, on random predictions', async () => {
    const { fidelity } = await import('../../src/core/class-metrics');
    const { createRng } = await import('../../src/core/rng');
    const rng = createRng(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.int(30);
      const y = Array.from({ length: n }, () => rng.int(4));
      const a = Float32Array.from({ length: 4 * n }, () => rng.next());
      const b = Float32Array.from({ length: 4 * n }, () => rng.next());
      const f = fidelity(a, b, y, 4);
      expect(f.agreement).toBeLessThanOrEqual(f.ceiling + 1e-12);
    }
  });
});

describe('wrong-class entropy (Müller, Kornblith & Hinton 2019)', () => {
  it('is log₂(K − 1) bits when the wrong classes are equal, and 0 when one wrong class takes all the doubt', async () => {
    const { wrongClassEntropy } = await import('../../src/core/class-metrics');
    // True class 0 in both rows; row 1: wrong classes equal; row 2: class 2 far above class 1 and 3.
    expect(wrongClassEntropy([4, 1, 1, 1], [0], 4, 1)).toBeCloseTo(Math.log2(3), 12);
    expect(wrongClassEntropy([4, -200, 0, -200], [0], 4, 1)).toBeCloseTo(0, 10);
    expect(wrongClassEntropy([4, 1, 1, 1, 4, -200, 0, -200], [0, 0], 4, 1)).toBeCloseTo(Math.log2(3) / 2, 10);
  });

  it('ignores the true class, whatever its logit, and rises with T towards log₂(K − 1)', async () => {
    const { wrongClassEntropy } = await import('../../src/core/class-metrics');
    const row = [0, 2, 1, -1];
    expect(wrongClassEntropy(row, [0], 4, 2)).toBeCloseTo(wrongClassEntropy([50, 2, 1, -1], [0], 4, 2), 12);
    const low = wrongClassEntropy(row, [0], 4, 1);
    const high = wrongClassEntropy(row, [0], 4, 20);
    expect(high).toBeGreaterThan(low);
    expect(high).toBeLessThan(Math.log2(3));
    // Direct formula at T = 1: entropy of softmax over the wrong logits [2, 1, −1].
    const p = [2, 1, -1].map(Math.exp);
    const total = p.reduce((a, b) => a + b, 0);
    expect(low).toBeCloseTo(-p.reduce((h, v) => h + (v / total) * Math.log2(v / total), 0), 12);
  });
});
