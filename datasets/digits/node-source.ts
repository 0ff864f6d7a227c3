/** The digits in Node: converted from the `mnist` package on first use, then read from disk. */
import { readFileSync } from 'node:fs';
import type { DigitsSource } from '../index';
import { ensureDigitsBinaries } from './convert';

export const nodeDigitsSource: DigitsSource = async (side) => {
  const { path14, path28 } = ensureDigitsBinaries();
  return readFileSync(side === 14 ? path14 : path28);
};
