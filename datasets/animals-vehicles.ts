/**
 * "Animals & vehicles": 2-D points in six classes, two families.
 * Classes of one family overlap each other and barely overlap the other
 * family, so a good teacher's soft targets say "a cat is a bit tiger, almost
 * never bus" — the dark knowledge the students can learn from.
 */
import { createRng } from '../src/core/rng';
import { splitPoints } from './point-split';
import type { Dataset } from './types';

export const ANIMALS_VEHICLES_CLASSES = ['cat', 'dog', 'tiger', 'car', 'truck', 'bus'] as const;

/** Class centres: animals on the left, vehicles on the right, each family a tight triangle. */
const CENTRES: readonly (readonly [number, number])[] = [
  [-2.0, 0.55], // cat
  [-1.1, 0.55], // dog
  [-1.55, -0.3], // tiger
  [1.1, 0.55], // car
  [2.0, 0.55], // truck
  [1.55, -0.3], // bus
];
const SPREAD = 0.36;

export interface AnimalsVehiclesOptions {
  seed: number;
  trainSize?: number;
  testSize?: number;
}

export function animalsVehicles({ seed, trainSize = 4000, testSize = 2000 }: AnimalsVehiclesOptions): Dataset {
  const total = trainSize + testSize;
  const classes = CENTRES.length;
  const rng = createRng(seed);
  const xs = new Float32Array(total * 2);
  const ys = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const label = i % classes; // balanced classes
    const [cx, cy] = CENTRES[label]!;
    xs[2 * i] = cx + SPREAD * rng.normal();
    xs[2 * i + 1] = cy + SPREAD * rng.normal();
    ys[i] = label;
  }
  return {
    name: 'animals-vehicles',
    classNames: ANIMALS_VEHICLES_CLASSES,
    families: [
      { name: 'animals', classes: [0, 1, 2] },
      { name: 'vehicles', classes: [3, 4, 5] },
    ],
    inputSize: 2,
    ...splitPoints(xs, ys, trainSize, rng),
  };
}
