import { describe, expect, it } from 'vitest';
import { forwardFlops, trainingFlops, weightCount } from '../../src/core/model-flops';

describe('FLOPs of a dense net', () => {
  it('counts multiply-adds per example as Σ in·out, 2 per weight forward and 6 to train, times the copies stacked', () => {
    const sizes = [196, 128, 128, 10];
    const weights = 196 * 128 + 128 * 128 + 128 * 10;
    expect(weightCount(sizes)).toBe(weights);
    expect(forwardFlops(sizes)).toBe(2 * weights);
    expect(trainingFlops(sizes)).toBe(6 * weights);
    expect(forwardFlops(sizes, 3)).toBe(3 * forwardFlops(sizes));
    expect(trainingFlops(sizes, 3)).toBe(3 * trainingFlops(sizes));
    // A net without a hidden layer is one matrix; sizes of one layer have no weights.
    expect(weightCount([2, 6])).toBe(12);
    expect(weightCount([5])).toBe(0);
  });
});
