import { describe, expect, it } from 'vitest';
import { createRng, shuffledIndices } from '../../src/core/rng';
import { mean, standardDeviation } from '../../src/core/metrics';

describe('seeded RNG', () => {
  it('gives the same sequence for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const seqA = Array.from({ length: 50 }, () => a.next());
    const seqB = Array.from({ length: 50 }, () => b.next());
    expect(seqA).toEqual(seqB);
  });

  it('gives different sequences for different seeds', () => {
    const a = createRng(1);
    const b = createRng(2);
    expect(Array.from({ length: 10 }, () => a.next())).not.toEqual(Array.from({ length: 10 }, () => b.next()));
  });

  it('draws uniforms in [0, 1) and standard normals', () => {
    const rng = createRng(7);
    const uniforms = Array.from({ length: 20000 }, () => rng.next());
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    expect(mean(uniforms)).toBeCloseTo(0.5, 1);
    const normals = Array.from({ length: 20000 }, () => rng.normal());
    expect(mean(normals)).toBeCloseTo(0, 1);
    expect(standardDeviation(normals)).toBeCloseTo(1, 1);
  });

  it('shuffles into a permutation', () => {
    const order = shuffledIndices(100, createRng(3));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...order]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
