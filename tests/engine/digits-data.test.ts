import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDigitsBinaries, mnistJsonPaths } from '../../datasets/digits/convert';
import { digitsDataset } from '../../datasets/digits/dataset';
import { decodeDigits } from '../../datasets/digits/format';
import { digitsSplit } from '../../datasets/digits/split';
import { classCounts } from '../../datasets/types';

describe('real digits from the mnist package', () => {
  const { path28, path14 } = ensureDigitsBinaries();
  const d28 = decodeDigits(readFileSync(path28));
  const d14 = decodeDigits(readFileSync(path14));

  it('holds all 10,000 digits with the JSON files\' per-class counts', () => {
    const expected = mnistJsonPaths().map((path) => (JSON.parse(readFileSync(path, 'utf8')) as { data: number[] }).data.length / 784);
    expect(d28.side).toBe(28);
    expect(d14.side).toBe(14);
    expect(d28.count).toBe(10_000);
    expect(d14.count).toBe(10_000);
    expect(classCounts(d28.labels, 10)).toEqual(expected);
    expect(Buffer.from(d14.labels).equals(Buffer.from(d28.labels))).toBe(true);
    // The package's order: all of class 0, then class 1, ...
    expect(d28.labels.every((label, i) => i === 0 || label >= d28.labels[i - 1]!)).toBe(true);
  });

  it('has 0–255 pixels spanning the full range', () => {
    let min = 255;
    let max = 0;
    for (const v of d28.pixels) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBeGreaterThanOrEqual(250);
  });

  it('keeps each digit\'s mean intensity when downsampled to 14×14', () => {
    for (const n of [0, 1234, 5000, 9999]) {
      const mean = (pixels: Uint8Array, side: number) => {
        const size = side * side;
        let sum = 0;
        for (let p = 0; p < size; p++) sum += pixels[n * size + p]!;
        return sum / size;
      };
      expect(Math.abs(mean(d14.pixels, 14) - mean(d28.pixels, 28))).toBeLessThan(0.5);
    }
  });

  it('splits 8,000 / 2,000 and builds a [0, 1] dataset', () => {
    const { train, test } = digitsSplit(d28.labels);
    expect(Math.abs(train.length - 8000)).toBeLessThanOrEqual(10);
    expect(Math.abs(test.length - 2000)).toBeLessThanOrEqual(10);
    // Pinned once (order-sensitive hash of the test indices): the split must not drift.
    let hash = 0;
    for (const index of test) hash = (Math.imul(hash, 31) + index) >>> 0;
    expect(hash).toBe(4211789893);
    for (const decoded of [d28, d14]) {
      const data = digitsDataset(decoded);
      expect(data.name).toBe(`digits-${decoded.side}`);
      expect(data.trainY.length).toBe(train.length);
      expect(data.testY.length).toBe(test.length);
      for (const xs of [data.trainX, data.testX]) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of xs) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
      }
    }
  });

  it('is idempotent and fast when the binaries are current', () => {
    const start = performance.now();
    expect(ensureDigitsBinaries()).toEqual({ path28, path14 });
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('writes identical binaries into another folder, and rebuilds stale ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digits-'));
    try {
      const fresh = ensureDigitsBinaries(dir);
      // Buffer.equals: toEqual on megabytes of bytes is very slow.
      expect(readFileSync(fresh.path28).equals(readFileSync(path28))).toBe(true);
      expect(readFileSync(fresh.path14).equals(readFileSync(path14))).toBe(true);
      utimesSync(fresh.path14, new Date(0), new Date(0)); // older than the JSON
      ensureDigitsBinaries(dir);
      expect(statSync(fresh.path14).mtimeMs).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
