import { describe, expect, it } from 'vitest';
import { crossEntropyWithLogits, distillationLoss, klDivergence, oneHot, softTermGradient } from '../../src/core/losses';
import { entropyBits, softmax } from '../../src/core/softmax';

const teacher = [5, 3.2, 0.5, -2, -2.5, -4];
const student = [2, 1.5, 0.8, -0.5, -1, -1.2];

describe('KL divergence and cross-entropy', () => {
  it('KL of a distribution with itself is 0', () => {
    const p = softmax(teacher, 3);
    expect(klDivergence(p, p)).toBeCloseTo(0, 14);
  });

  it('KL is positive between different distributions and not symmetric', () => {
    const p = softmax(teacher, 2);
    const q = softmax(student, 2);
    expect(klDivergence(p, q)).toBeGreaterThan(0);
    expect(klDivergence(p, q)).not.toBeCloseTo(klDivergence(q, p), 6);
  });

  it('cross-entropy minus the target entropy is the KL (same gradients, constant offset)', () => {
    const T = 4;
    const p = softmax(teacher, T);
    const q = softmax(student, T);
    const entropyNats = entropyBits(p) * Math.LN2;
    expect(crossEntropyWithLogits(p, student, T) - entropyNats).toBeCloseTo(klDivergence(p, q), 10);
  });

  it('cross-entropy with a one-hot target is −log q of the true class', () => {
    expect(crossEntropyWithLogits(oneHot(1, 6), student)).toBeCloseTo(-Math.log(softmax(student)[1]!), 12);
  });

  it('one-hot rejects labels outside the classes', () => {
    expect(() => oneHot(6, 6)).toThrow(RangeError);
    expect(() => oneHot(-1, 6)).toThrow(RangeError);
  });
});

describe('distillation loss', () => {
  it('is α·T²·CE(soft) + (1 − α)·CE(hard)', () => {
    const T = 4;
    const alpha = 0.7;
    const terms = distillationLoss(teacher, student, 0, T, alpha);
    const soft = T * T * crossEntropyWithLogits(softmax(teacher, T), student, T);
    const hard = crossEntropyWithLogits(oneHot(0, 6), student, 1);
    expect(terms.soft).toBeCloseTo(soft, 12);
    expect(terms.hard).toBeCloseTo(hard, 12);
    expect(terms.total).toBeCloseTo(alpha * soft + (1 - alpha) * hard, 12);
  });

  it('reduces to the hard-label loss at α = 0', () => {
    const terms = distillationLoss(teacher, student, 2, 8, 0);
    expect(terms.total).toBeCloseTo(crossEntropyWithLogits(oneHot(2, 6), student), 12);
  });

  it('rejects α outside [0, 1]', () => {
    expect(() => distillationLoss(teacher, student, 0, 2, 1.5)).toThrow(/α/);
    expect(() => distillationLoss(teacher, student, 0, 2, -0.1)).toThrow(/α/);
  });

  it('the soft term gradient shrinks as 1/T², which the T² factor cancels', () => {
    // Zero-mean logits: in the high-T limit the gradient is (z − v)/(N T²) (paper, eq. 4).
    const centre = (z: number[]) => z.map((v) => v - z.reduce((a, b) => a + b, 0) / z.length);
    const v = centre(teacher);
    const z = centre(student);
    const magnitude = (T: number) => Math.hypot(...softTermGradient(v, z, T));
    const scaled = [10, 100, 1000, 2000].map((T) => magnitude(T) * T * T);
    // Without T² the gradient falls 64-fold from T = 10 to 80; with it, it settles to a constant (the logit-matching limit).
    expect(magnitude(80) / magnitude(10)).toBeLessThan(1 / 50);
    expect(scaled[3]! / scaled[2]!).toBeCloseTo(1, 2);
    const limit = Math.hypot(...z.map((zi, i) => (zi - v[i]!) / z.length));
    expect(scaled[3]! / limit).toBeCloseTo(1, 2);
  });

  it('its gradient is (1/T)(q − p): zero when the student matches the teacher', () => {
    const gradient = softTermGradient(teacher, teacher, 3);
    for (const g of gradient) expect(Math.abs(g)).toBeLessThan(1e-15);
  });
});
