/**
 * "Class hierarchy with a rare class": 2-D points in five classes, two
 * families — fruit on the left, vegetables on the right, barely touching.
 * Quince is rare (3% of points) and sits just below, and partly overlapping,
 * apple and pear. A small transfer set holds only one or two quinces, so a
 * hard-label student hardly learns the class; the teacher's soft targets put
 * some quince probability on every nearby apple and pear, telling the
 * distilled student where quinces are likely.
 */
import { createRng } from '../src/core/rng';
import { splitPoints } from './point-split';
import type { Dataset } from './types';

export const RARE_CLASS_CLASSES = ['apple', 'pear', 'quince', 'carrot', 'parsnip'] as const;

/** Share of all points in each class (sums to 1); quince is the rare one. */
export const RARE_CLASS_PROPORTIONS: readonly number[] = [0.32, 0.32, 0.03, 0.165, 0.165];

/** Class centres and spreads: fruit left of x = 0, vegetables right of it. */
const CENTRES: readonly (readonly [number, number])[] = [
  [-2.0, 0.55], // apple
  [-1.1, 0.55], // pear
  [-1.55, -0.2], // quince: between and below apple and pear
  [1.1, 0.2], // carrot
  [2.0, 0.2], // parsnip
];
const SPREADS: readonly number[] = [0.36, 0.36, 0.22, 0.36, 0.36];

export interface RareClassOptions {
  seed: number;
  trainSize?: number;
  testSize?: number;
}

/** Exact class counts for `total` points (largest remainder), so shares never drift. */
function countsFor(total: number): number[] {
  const exact = RARE_CLASS_PROPORTIONS.map((p) => p * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, k) => [e - Math.floor(e), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, k] of byRemainder) if (left-- > 0) counts[k]!++;
  return counts;
}

export function rareClass({ seed, trainSize = 4000, testSize = 2000 }: RareClassOptions): Dataset {
  const total = trainSize + testSize;
  const rng = createRng(seed);
  const xs = new Float32Array(total * 2);
  const ys = new Int32Array(total);
  let i = 0;
  countsFor(total).forEach((count, label) => {
    const [cx, cy] = CENTRES[label]!;
    const spread = SPREADS[label]!;
    for (let n = 0; n < count; n++, i++) {
      xs[2 * i] = cx + spread * rng.normal();
      xs[2 * i + 1] = cy + spread * rng.normal();
      ys[i] = label;
    }
  });
  return {
    name: 'rare-class',
    classNames: RARE_CLASS_CLASSES,
    families: [
      { name: 'fruit', classes: [0, 1, 2] },
      { name: 'vegetables', classes: [3, 4] },
    ],
    inputSize: 2,
    ...splitPoints(xs, ys, trainSize, rng),
  };
}
