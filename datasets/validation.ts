/**
 * A validation split for choosing settings without looking at the test set:
 * the last `count` training examples become the "test" set and are removed
 * from training (`npm run experiment -- --validation`). The official test set
 * is left untouched.
 */
import type { Dataset } from './types';

export function holdOutValidation(dataset: Dataset, count: number): Dataset {
  const total = dataset.trainY.length;
  if (!Number.isInteger(count) || count < 1 || count >= total) throw new RangeError(`A validation split needs 1 to ${total - 1} examples, not ${count}.`);
  const keep = total - count;
  const width = dataset.inputSize;
  return {
    ...dataset,
    name: `${dataset.name} (validation: last ${count} training examples)`,
    trainX: dataset.trainX.subarray(0, keep * width),
    trainY: dataset.trainY.subarray(0, keep),
    testX: dataset.trainX.subarray(keep * width),
    testY: dataset.trainY.subarray(keep),
  };
}
