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

  it('picks the same examples as sorting every correct example by its runner-up (ties: the earlier first)', async () => {
    const { showcaseExamples } = await import('../../src/core/dark-example');
    const { createRng } = await import('../../src/core/rng');
    const rng = createRng(5);
    for (let trial = 0; trial < 30; trial++) {
      const rows = 20 + Math.floor(rng.next() * 300);
      // Coarse values on even trials: equal runner-ups are common.
      const logits = Float32Array.from({ length: rows * 10 }, () => (trial % 2 ? rng.next() * 10 : Math.round(rng.next() * 6)));
      const labels = Int32Array.from({ length: rows }, () => rng.int(10));
      const perClass = 1 + (trial % 3);
      const byClass: { index: number; score: number }[][] = Array.from({ length: 10 }, () => []);
      for (let row = 0; row < rows; row++) {
        const z = Array.from(logits.subarray(row * 10, row * 10 + 10));
        const top = z.indexOf(Math.max(...z));
        if (top !== labels[row]) continue;
        const sum = z.reduce((a, v) => a + Math.exp(v - z[top]!), 0);
        const wrong = Math.max(...z.filter((_, k) => k !== labels[row]));
        byClass[labels[row]!]!.push({ index: row, score: Math.exp(wrong - z[top]!) / sum });
      }
      const expected = byClass.flatMap((members) => members.sort((a, b) => b.score - a.score).slice(0, perClass).map((m) => m.index));
      expect(showcaseExamples(logits, labels, 10, perClass)).toEqual(expected);
    }
  });
});
