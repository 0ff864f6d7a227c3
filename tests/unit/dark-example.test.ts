import { describe, expect, it } from 'vitest';
import { darkestExample } from '../../src/core/dark-example';

describe('choosing the example with the most dark knowledge', () => {
  it('picks a correctly classified point with a strong second choice', () => {
    const logits = Float32Array.from([
      9, 0, 0, // confident and right: little dark knowledge
      2, 1.6, -3, // right, with a plausible runner-up
      0, 3, 0, // wrong (label 0): excluded
    ]);
    expect(darkestExample(logits, Int32Array.from([0, 0, 0]), 3)).toBe(1);
  });
});
