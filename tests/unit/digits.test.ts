import { describe, expect, it } from 'vitest';
import { decodeDigits, downsample2x, encodeDigits } from '../../datasets/digits/format';
import { DIGITS_SPLIT_SEED, digitsSplit } from '../../datasets/digits/split';
import { digitsDataset, DIGIT_CLASS_NAMES } from '../../datasets/digits/dataset';
import { classCounts } from '../../datasets/types';

/** Order-sensitive hash of an index list, to pin the split across machines. */
function indexHash(indices: Int32Array): number {
  let h = 0;
  for (const index of indices) h = (Math.imul(h, 31) + index) >>> 0;
  return h;
}

/** 1,234 synthetic labels, unevenly interleaved over ten classes. */
const SYNTHETIC_LABELS = Uint8Array.from({ length: 1234 }, (_, i) => (i * 7 + (i >> 3)) % 10);

function tinyDigits(count: number, side: number) {
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  const pixels = Uint8Array.from({ length: count * side * side }, (_, i) => (i * 37) % 256);
  return { side, labels, pixels };
}

describe('digits binary format', () => {
  it('round-trips through encode and decode', () => {
    const input = tinyDigits(13, 14);
    const bytes = encodeDigits(input);
    expect(bytes.length).toBe(12 + 13 + 13 * 14 * 14);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('DKLD');
    expect([bytes[4], bytes[5], bytes[6], bytes[7]]).toEqual([1, 14, 0, 0]);
    const decoded = decodeDigits(bytes);
    expect(decoded.side).toBe(14);
    expect(decoded.count).toBe(13);
    expect(decoded.labels).toEqual(input.labels);
    expect(decoded.pixels).toEqual(input.pixels);
    // An ArrayBuffer, and a view that does not start at offset 0, decode the same.
    expect(decodeDigits(bytes.slice().buffer).pixels).toEqual(input.pixels);
    const padded = new Uint8Array(bytes.length + 5);
    padded.set(bytes, 5);
    expect(decodeDigits(padded.subarray(5)).labels).toEqual(input.labels);
  });

  it('rejects a bad magic, version, side or length with a message', () => {
    const good = encodeDigits(tinyDigits(4, 28));
    const badMagic = good.slice();
    badMagic[0] = 'X'.charCodeAt(0);
    expect(() => decodeDigits(badMagic)).toThrow(/magic/);
    const badVersion = good.slice();
    badVersion[4] = 2;
    expect(() => decodeDigits(badVersion)).toThrow(/version/);
    const badSide = good.slice();
    badSide[5] = 20;
    expect(() => decodeDigits(badSide)).toThrow(/side/);
    expect(() => decodeDigits(good.slice(0, good.length - 1))).toThrow(/length/);
    expect(() => decodeDigits(good.slice(0, 6))).toThrow(/too short/);
    expect(() => encodeDigits({ side: 20, labels: new Uint8Array(1), pixels: new Uint8Array(400) })).toThrow(/side/);
  });

  it('downsamples 2×2 blocks to their rounded average', () => {
    // prettier-ignore
    const image = Uint8Array.from([
      0, 0, 10, 20,
      0, 1, 30, 41,
      255, 255, 1, 2,
      255, 254, 3, 4,
    ]);
    // Two images: the hand-made one and its reverse.
    const pair = new Uint8Array(32);
    pair.set(image, 0);
    pair.set(image.slice().reverse(), 16);
    const out = downsample2x(pair, 2, 4);
    // 1/4 → 0, 101/4 = 25.25 → 25, 1019/4 = 254.75 → 255, 10/4 = 2.5 → 3.
    expect(Array.from(out)).toEqual([0, 25, 255, 3, 3, 255, 25, 0]);
    expect(() => downsample2x(new Uint8Array(9), 1, 3)).toThrow(/odd/);
  });
});

describe('digits train/test split', () => {
  it('is stratified: each class sends Math.round(20%) to test', () => {
    const { train, test } = digitsSplit(SYNTHETIC_LABELS);
    const all = classCounts(SYNTHETIC_LABELS, 10);
    const testCounts = classCounts(Array.from(test, (i) => SYNTHETIC_LABELS[i]!), 10);
    for (let c = 0; c < 10; c++) {
      expect(testCounts[c]).toBe(Math.round(0.2 * all[c]!));
      expect(Math.abs(testCounts[c]! - 0.2 * all[c]!)).toBeLessThanOrEqual(1);
    }
    expect(train.length + test.length).toBe(SYNTHETIC_LABELS.length);
  });

  it('is disjoint, covers every index and is sorted', () => {
    const { train, test } = digitsSplit(SYNTHETIC_LABELS);
    const seen = new Uint8Array(SYNTHETIC_LABELS.length);
    for (const i of train) seen[i]!++;
    for (const i of test) seen[i]!++;
    expect(seen.every((n) => n === 1)).toBe(true);
    for (const list of [train, test]) for (let k = 1; k < list.length; k++) expect(list[k]!).toBeGreaterThan(list[k - 1]!);
  });

  it('is fixed: the same twice and on every machine', () => {
    expect(DIGITS_SPLIT_SEED).toBe(2015);
    const a = digitsSplit(SYNTHETIC_LABELS);
    const b = digitsSplit(SYNTHETIC_LABELS);
    expect(a.test).toEqual(b.test);
    expect(a.train).toEqual(b.train);
    expect(a.test.length).toBe(247);
    // Computed once with DIGITS_SPLIT_SEED = 2015; a change here moves every test score.
    expect(indexHash(a.test)).toBe(286811291);
  });
});

describe('digits dataset', () => {
  it('scales pixels to [0, 1] and follows the split', () => {
    const input = tinyDigits(50, 14);
    const data = digitsDataset(decodeDigits(encodeDigits(input)));
    expect(data.name).toBe('digits-14');
    expect(data.classNames).toEqual(DIGIT_CLASS_NAMES);
    expect(data.families).toBeUndefined();
    expect(data.inputSize).toBe(196);
    const { train, test } = digitsSplit(input.labels);
    expect(data.trainY.length).toBe(train.length);
    expect(data.testX.length).toBe(test.length * 196);
    const first = test[0]!;
    expect(data.testY[0]).toBe(input.labels[first]);
    expect(data.testX[5]).toBeCloseTo(input.pixels[first * 196 + 5]! / 255, 6);
  });
});
