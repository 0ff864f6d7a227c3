import { describe, expect, it } from 'vitest';
import { crossEntropyWithLogits, labelSmoothedCrossEntropy, labelSmoothedGradient, oneHot, smoothedLabel } from '../../src/core/losses';

const logits = [2.5, -1, 0.3, 4, -3, 0];

/** The smoothed cross-entropy written out directly: −Σ_k t_k log softmax(z)_k, t_k = (1 − ε)[k = y] + ε/K. */
function direct(z: number[], label: number, epsilon: number): number {
  const max = Math.max(...z);
  const logSum = max + Math.log(z.reduce((sum, v) => sum + Math.exp(v - max), 0));
  return -z.reduce((sum, v, k) => sum + ((k === label ? 1 - epsilon : 0) + epsilon / z.length) * (v - logSum), 0);
}

describe('label smoothing (the teacher’s loss)', () => {
  it('spreads ε evenly over every class and keeps a distribution', () => {
    const target = smoothedLabel(3, 6, 0.1);
    expect(target.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(target[3]).toBeCloseTo(0.9 + 0.1 / 6, 12);
    for (const k of [0, 1, 2, 4, 5]) expect(target[k]).toBeCloseTo(0.1 / 6, 12);
    expect(smoothedLabel(3, 6, 0)).toEqual(oneHot(3, 6));
  });

  it('refuses ε outside [0, 1)', () => {
    expect(() => smoothedLabel(0, 3, -0.1)).toThrow(RangeError);
    expect(() => smoothedLabel(0, 3, 1)).toThrow(RangeError);
    expect(() => smoothedLabel(0, 3, Number.NaN)).toThrow(RangeError);
  });

  it('equals the directly written cross-entropy, and the ordinary one at ε = 0', () => {
    for (const epsilon of [0, 0.05, 0.1, 0.3]) {
      for (const label of [0, 3, 5]) expect(labelSmoothedCrossEntropy(logits, label, epsilon)).toBeCloseTo(direct(logits, label, epsilon), 12);
    }
    expect(labelSmoothedCrossEntropy(logits, 1, 0)).toBeCloseTo(crossEntropyWithLogits(oneHot(1, 6), logits), 12);
  });

  it('has gradient softmax(z) − smoothed target: checked against central differences', () => {
    const h = 1e-6;
    for (const epsilon of [0, 0.1, 0.25]) {
      const gradient = labelSmoothedGradient(logits, 2, epsilon);
      logits.forEach((_, k) => {
        const up = logits.map((v, i) => (i === k ? v + h : v));
        const down = logits.map((v, i) => (i === k ? v - h : v));
        expect(gradient[k]).toBeCloseTo((direct(up, 2, epsilon) - direct(down, 2, epsilon)) / (2 * h), 6);
      });
      // A smoothed teacher is never pushed to make its wrong classes' probabilities 0: its loss is least at softmax = target.
      expect(gradient.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    }
  });

  it('is smallest when the softmax equals the smoothed target, so its logits stop at a finite gap', () => {
    const epsilon = 0.1;
    // softmax = target ⇔ the right logit exceeds every other by log((1 − ε + ε/K)/(ε/K)).
    const gap = Math.log((1 - epsilon + epsilon / 6) / (epsilon / 6));
    const best = [0, 0, gap, 0, 0, 0];
    for (const g of labelSmoothedGradient(best, 2, epsilon)) expect(g).toBeCloseTo(0, 12);
    expect(labelSmoothedCrossEntropy([0, 0, gap + 2, 0, 0, 0], 2, epsilon)).toBeGreaterThan(labelSmoothedCrossEntropy(best, 2, epsilon));
  });
});
