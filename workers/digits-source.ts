/**
 * The digits in the browser: the official MNIST parts, converted at build
 * time and bundled by Vite as gzip assets of the app's own origin, fetched
 * with progress and unpacked in this worker (datasets/digits/download.ts).
 */
import train14Url from '../datasets/digits/generated/mnist-14-train.bin.gz?url';
import test14Url from '../datasets/digits/generated/mnist-14-test.bin.gz?url';
import train28Url from '../datasets/digits/generated/mnist-28-train.bin.gz?url';
import test28Url from '../datasets/digits/generated/mnist-28-test.bin.gz?url';
import type { DigitsSource } from '../datasets/index';
import { downloadDigits } from '../datasets/digits/download';

const URLS = {
  14: { train: train14Url, test: test14Url },
  28: { train: train28Url, test: test28Url },
} as const;

export const browserDigitsSource: DigitsSource = (side, onProgress) => downloadDigits(URLS[side], side, onProgress);
