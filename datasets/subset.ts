/** The students' transfer set: a stratified, seeded share of the training set. */
import { createRng, shuffledIndices } from '../src/core/rng';

/**
 * Indices of a stratified sample holding `fraction` of each class (at least
 * one example of every class present), in a seeded order.
 */
export function stratifiedSubset(labels: ArrayLike<number>, classes: number, fraction: number, seed: number): Int32Array {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`Fraction must be in (0, 1], got ${fraction}`);
  const rng = createRng(seed ^ 0x5bd1e995);
  const order = shuffledIndices(labels.length, rng);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (const index of order) byClass[labels[index]!]!.push(index);
  const chosen: number[] = [];
  for (const members of byClass) {
    if (members.length === 0) continue;
    const count = Math.max(1, Math.round(members.length * fraction));
    chosen.push(...members.slice(0, count));
  }
  chosen.sort((a, b) => a - b);
  return Int32Array.from(chosen);
}

/** Gather rows of a flat feature matrix and their labels. */
export function gatherRows(x: Float32Array, y: Int32Array, width: number, indices: ArrayLike<number>): { x: Float32Array; y: Int32Array } {
  const outX = new Float32Array(indices.length * width);
  const outY = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const src = indices[k]!;
    outX.set(x.subarray(src * width, (src + 1) * width), k * width);
    outY[k] = y[src]!;
  }
  return { x: outX, y: outY };
}
