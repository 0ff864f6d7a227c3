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

describe('the classes an example almost is', () => {
  it('names the wrong classes with a real share of the probability, most likely first', async () => {
    const { almostClasses } = await import('../../src/core/dark-example');
    expect(almostClasses([0.6, 0.05, 0.25, 0.1], 0, 0.1)).toEqual([2, 3]);
    expect(almostClasses([0.6, 0.05, 0.25, 0.1], 0)).toEqual([2]);
    expect(almostClasses([0.98, 0.01, 0.005, 0.005], 0)).toEqual([]);
    expect(almostClasses([0.3, 0.3, 0.2, 0.2], 1, 0.1, 2)).toEqual([0, 2]);
  });
});

describe('showcase examples', () => {
  it('picks, per class, correct examples with the strongest runner-up', async () => {
    const { showcaseExamples } = await import('../../src/core/dark-example');
    const logits = Float32Array.from([5, 0, 2, 0, 0, 4, 1, 0.5, 0, 3]);
    const labels = Int32Array.from([0, 0, 1, 1, 0]);
    // Rows 3 and 4 are misclassified; of class 0's correct rows 0 and 1, row 1 has the stronger runner-up.
    expect(showcaseExamples(logits, labels, 2, 1)).toEqual([1, 2]);
    expect(showcaseExamples(null, labels, 2, 2)).toEqual([0, 1, 2, 3]);
  });
});
