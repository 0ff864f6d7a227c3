/**
 * "Nested spirals": 2-D points on three interleaved spiral arms, a little
 * noisy. A big teacher (2→64→64→3) traces the arms almost perfectly, but a
 * tiny student (2→4→3) has too few ReLU pieces to bend its boundary around
 * them: a student too small cannot copy the teacher whatever the targets,
 * and a middling temperature — smooth enough to be learnable, sharp enough
 * to be informative — can suit it best.
 */
import { createRng } from '../src/core/rng';
import { splitPoints } from './point-split';
import type { Dataset } from './types';

export const SPIRALS_CLASSES = ['arm A', 'arm B', 'arm C'] as const;

/** Radius grows linearly from INNER to OUTER while the arm turns TURNS times. */
export const SPIRAL_INNER = 0.25;
export const SPIRAL_OUTER = 2.7;
export const SPIRAL_TURNS = 1.25;
const NOISE = 0.12;

export interface SpiralsOptions {
  seed: number;
  trainSize?: number;
  testSize?: number;
}

export function spirals({ seed, trainSize = 4000, testSize = 2000 }: SpiralsOptions): Dataset {
  const total = trainSize + testSize;
  const classes = SPIRALS_CLASSES.length;
  const rng = createRng(seed);
  const xs = new Float32Array(total * 2);
  const ys = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const label = i % classes; // balanced classes
    const t = rng.next(); // position along the arm, 0 at the centre
    const radius = SPIRAL_INNER + (SPIRAL_OUTER - SPIRAL_INNER) * t;
    const angle = (2 * Math.PI * label) / classes + 2 * Math.PI * SPIRAL_TURNS * t;
    xs[2 * i] = radius * Math.cos(angle) + NOISE * rng.normal();
    xs[2 * i + 1] = radius * Math.sin(angle) + NOISE * rng.normal();
    ys[i] = label;
  }
  return {
    name: 'spirals',
    classNames: SPIRALS_CLASSES,
    inputSize: 2,
    ...splitPoints(xs, ys, trainSize, rng),
  };
}
