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

describe('where the rest of the probability goes, when no wrong class comes close', () => {
  it('the largest wrong classes, most likely first, ties by class, none under the floor', async () => {
    const { largestWrong, classShares } = await import('../../src/core/dark-example');
    const p = [0.003, 0.019, 0.05, 0.046, 0.004, 0.013, 0.0002, 0.816, 0.012, 0.036];
    expect(largestWrong(p, 7)).toEqual([{ k: 2, p: 0.05 }, { k: 3, p: 0.046 }]);
    expect(largestWrong(p, 2, 3)).toEqual([{ k: 7, p: 0.816 }, { k: 3, p: 0.046 }, { k: 9, p: 0.036 }]);
    expect(largestWrong([0.5, 0.25, 0.25], 0)).toEqual([{ k: 1, p: 0.25 }, { k: 2, p: 0.25 }]);
    // At T = 1 a confident teacher leaves next to nothing: nothing is named.
    expect(largestWrong([1 - 2e-6, 1e-6, 1e-6], 0)).toEqual([]);
    const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    expect(classShares(largestWrong(p, 7), names)).toBe('two (5.0%) and three (4.6%)');
    expect(classShares(largestWrong(p, 7, 3), names)).toBe('two (5.0%), three (4.6%) and nine (3.6%)');
    expect(classShares([{ k: 1, p: 0.0123 }], names)).toBe('one (1.2%)');
    expect(classShares([], names)).toBe('');
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
