import { describe, expect, it } from 'vitest';
import { bestBiasShift, classAccuracy, meanSoftMatrix } from '../../src/core/class-metrics';
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
