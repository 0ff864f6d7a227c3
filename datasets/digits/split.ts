/**
 * The digits' one fixed train/test split. It is part of the dataset, not of
 * a run: it uses its own seed, never the run's, so every run, machine and
 * student is scored on the same 20% of each class.
 */
import { createRng, shuffledIndices } from '../../src/core/rng';

/** Seed of the split; changing it changes every reported test accuracy. */
export const DIGITS_SPLIT_SEED = 2015;
/** Share of each class held out for testing. */
export const DIGITS_TEST_FRACTION = 0.2;

/**
 * Stratified split: one generator seeded with DIGITS_SPLIT_SEED shuffles each
 * class in turn (class 0 first), and the first Math.round(0.2 · classCount)
 * of the shuffled members go to test. Both index lists are sorted ascending.
 */
export function digitsSplit(labels: Uint8Array): { train: Int32Array; test: Int32Array } {
  let classes = 0;
  for (let i = 0; i < labels.length; i++) classes = Math.max(classes, labels[i]! + 1);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]!]!.push(i);

  const rng = createRng(DIGITS_SPLIT_SEED);
  const train: number[] = [];
  const test: number[] = [];
  for (const members of byClass) {
    const order = shuffledIndices(members.length, rng);
    const testCount = Math.round(DIGITS_TEST_FRACTION * members.length);
    for (let k = 0; k < order.length; k++) {
      (k < testCount ? test : train).push(members[order[k]!]!);
    }
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}
