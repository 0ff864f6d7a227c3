import { describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx, parseIdxImages, parseIdxLabels } from '../../datasets/digits/idx';

/** Hand-made IDX bytes: magic (0, 0, type, rank), sizes big-endian, then the data. */
function idx(type: number, dims: number[], data: number[]): Uint8Array {
  const header = [0, 0, type, dims.length, ...dims.flatMap((n) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255])];
  return Uint8Array.from([...header, ...data]);
}

describe('IDX parser', () => {
  it('reads a hand-made 2 × 2 × 3 image file and a label file', () => {
    const pixels = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255];
    const images = parseIdxImages(idx(0x08, [2, 2, 3], pixels));
    expect(images).toMatchObject({ count: 2, rows: 2, columns: 3 });
    expect(Array.from(images.pixels)).toEqual(pixels);
    // The magic number of MNIST's image files, 0x00000803, and sizes above one byte.
    const big = idx(0x08, [1, 256, 1], Array.from({ length: 256 }, (_, i) => i));
    expect(Array.from(big.subarray(0, 12))).toEqual([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 1, 0]);
    expect(parseIdx(big).dims).toEqual([1, 256, 1]);
    expect(Array.from(parseIdxLabels(idx(0x08, [4], [7, 0, 9, 3])))).toEqual([7, 0, 9, 3]);
  });

  it('returns a view of the data, from an ArrayBuffer or a view at any offset', () => {
    const bytes = idx(0x08, [3], [1, 2, 3]);
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 7);
    const fromView = parseIdx(padded.subarray(7));
    expect(Array.from(fromView.data)).toEqual([1, 2, 3]);
    expect(fromView.data.buffer).toBe(padded.buffer);
    expect(Array.from(parseIdx(bytes.slice().buffer).data)).toEqual([1, 2, 3]);
  });

  it('round-trips through encodeIdx', () => {
    const data = Uint8Array.from({ length: 2 * 4 * 4 }, (_, i) => (i * 29) % 256);
    const bytes = encodeIdx([2, 4, 4], data);
    expect(bytes).toEqual(idx(0x08, [2, 4, 4], Array.from(data)));
    expect(parseIdx(bytes)).toEqual({ dims: [2, 4, 4], data });
    expect(() => encodeIdx([2, 2], new Uint8Array(3))).toThrow(/3 bytes does not match its dimensions 2 × 2/);
  });

  it('rejects malformed files with clear messages', () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 8]), 'tiny')).toThrow('tiny: 3 bytes is too short for an IDX header (4 bytes at least)');
    expect(() => parseIdx(Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]))).toThrow(/not an IDX file \(magic number 0x01000801/);
    expect(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 0]))).toThrow(/not an IDX file/);
    expect(() => parseIdx(idx(0x0d, [1], [0, 0, 0, 0]), 'floats')).toThrow('floats: unsupported IDX data type 0x0d (magic number 0x00000d01); only unsigned bytes (0x08) are supported');
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 0]))).toThrow(/declares no dimensions/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1]))).toThrow(/too short for the header of 3 dimensions \(16 bytes\)/);
    // One byte short, one byte too many.
    expect(() => parseIdx(idx(0x08, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7]))).toThrow('IDX file: length 23 bytes does not match its dimensions 2 × 2 × 2 (expected 24 bytes)');
    expect(() => parseIdx(idx(0x08, [2], [1, 2, 3]))).toThrow(/length 11 bytes does not match its dimensions 2 \(expected 10 bytes\)/);
  });

  it('checks the rank of images and labels, and that labels are classes', () => {
    expect(() => parseIdxImages(idx(0x08, [4], [1, 2, 3, 4]), 'imgs')).toThrow('imgs: expected 3 dimensions (count × rows × columns), got 1 (4)');
    expect(() => parseIdxLabels(idx(0x08, [1, 2, 2], [1, 2, 3, 4]), 10, 'lbls')).toThrow('lbls: expected 1 dimension (count), got 3 (1 × 2 × 2)');
    expect(() => parseIdxLabels(idx(0x08, [3], [1, 10, 2]), 10, 'lbls')).toThrow('lbls: label 10 at index 1 is not a class (0–9)');
    expect(Array.from(parseIdxLabels(idx(0x08, [0], [])))).toEqual([]);
  });
});
