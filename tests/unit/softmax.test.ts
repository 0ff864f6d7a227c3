import { describe, expect, it } from 'vitest';
import { entropyBits, logSumExp, softmax } from '../../src/core/softmax';

const logits = [4, 1.5, 0.2, -1, -3, 2.5];

describe('softmax with temperature', () => {
  it('sums to one at every temperature', () => {
    for (const T of [0.05, 0.5, 1, 2, 7, 20, 1000]) {
      const total = softmax(logits, T).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 12);
    }
  });

  it('is the ordinary softmax at T = 1', () => {
    const expSum = logits.reduce((a, z) => a + Math.exp(z), 0);
    softmax(logits, 1).forEach((p, i) => expect(p).toBeCloseTo(Math.exp(logits[i]!) / expSum, 12));
  });

  it('flattens the distribution as T rises: entropy increases', () => {
    const temperatures = [0.5, 1, 2, 4, 8, 16, 20];
    const entropies = temperatures.map((T) => entropyBits(softmax(logits, T)));
    for (let i = 1; i < entropies.length; i++) expect(entropies[i]!).toBeGreaterThan(entropies[i - 1]!);
  });

  it('approaches the uniform distribution as T → ∞', () => {
    const p = softmax(logits, 1e7);
    for (const value of p) expect(value).toBeCloseTo(1 / logits.length, 6);
    expect(entropyBits(p)).toBeCloseTo(Math.log2(logits.length), 6);
  });

  it('approaches one-hot on the largest logit as T → 0, without overflow', () => {
    const p = softmax(logits, 0.001);
    expect(p[0]).toBeCloseTo(1, 12);
    expect(p.every(Number.isFinite)).toBe(true);
  });

  it('stays finite for huge logits (log-sum-exp)', () => {
    const p = softmax([1000, 999, -1000], 0.5);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(p[0]! / p[1]!).toBeCloseTo(Math.exp(2), 6);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 9);
  });

  it('keeps the order of the classes at every T', () => {
    const ranking = (p: number[]) => p.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).map(([, i]) => i);
    const reference = ranking(softmax(logits, 1));
    for (const T of [0.5, 3, 20]) expect(ranking(softmax(logits, T))).toEqual(reference);
  });

  it('rejects a temperature that is zero, negative or not a number', () => {
    expect(() => softmax(logits, 0)).toThrow(/positive/);
    expect(() => softmax(logits, -2)).toThrow(/positive/);
    expect(() => softmax(logits, Number.NaN)).toThrow(/positive/);
  });
});

describe('entropy in bits', () => {
  it('is 0 for a certain outcome and log2(n) for a uniform one', () => {
    expect(entropyBits([0, 1, 0])).toBe(0);
    expect(entropyBits([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(2, 12);
    expect(entropyBits([0.5, 0.5])).toBeCloseTo(1, 12);
  });
});
