/** The fixed train/test split of a generated 2-D dataset: a seeded permutation, the same on every machine. */
import { shuffledIndices, type Rng } from '../src/core/rng';
import { gatherRows } from './subset';

export function splitPoints(xs: Float32Array, ys: Int32Array, trainSize: number, rng: Rng): { trainX: Float32Array; trainY: Int32Array; testX: Float32Array; testY: Int32Array } {
  const order = shuffledIndices(ys.length, rng);
  const train = gatherRows(xs, ys, 2, order.subarray(0, trainSize));
  const test = gatherRows(xs, ys, 2, order.subarray(trainSize));
  return { trainX: train.x, trainY: train.y, testX: test.x, testY: test.y };
}
