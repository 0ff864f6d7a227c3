/**
 * The digits' compact binary, one file per image side and part (training or
 * test): a 12-byte header, one label byte per digit, then uint8 pixels. Pure
 * (no Node, DOM or tfjs), so the browser and the converter read and write
 * exactly the same bytes.
 *
 * Layout (version 2): "DKLD" | version (2) | side (28 or 14) | part (1 = train, 2 = test) | 0
 *                     | count (uint32 LE) | count labels (0–9) | count·side·side pixels (0–255, row-major).
 * Version 1 had no part byte: one file held every digit and the app split it.
 */
export const DIGITS_MAGIC = 'DKLD';
export const DIGITS_VERSION = 2;
export const DIGITS_HEADER_BYTES = 12;
export const DIGIT_SIDES = [28, 14] as const;
export type DigitSide = (typeof DIGIT_SIDES)[number];
export const DIGIT_PARTS = ['train', 'test'] as const;
export type DigitPart = (typeof DIGIT_PARTS)[number];
const PART_CODES: Record<DigitPart, number> = { train: 1, test: 2 };
const DIGIT_CLASSES = 10;

/** How messages name a part: "the 28×28 training digits". */
export function digitsLabel(side: number, part: DigitPart): string {
  return `the ${side}×${side} ${part === 'train' ? 'training' : 'test'} digits`;
}

export interface DecodedDigits {
  side: DigitSide;
  part: DigitPart;
  count: number;
  /** Views into the decoded buffer (no copies). */
  labels: Uint8Array;
  pixels: Uint8Array;
}

function isSide(side: number): side is DigitSide {
  return (DIGIT_SIDES as readonly number[]).includes(side);
}

export function encodeDigits({ side, part, labels, pixels }: { side: number; part: DigitPart; labels: Uint8Array; pixels: Uint8Array }): Uint8Array {
  if (!isSide(side)) throw new Error(`Digits side must be 28 or 14, got ${side}`);
  if (!(part in PART_CODES)) throw new Error(`Digits part must be "train" or "test", got ${JSON.stringify(part)}`);
  const count = labels.length;
  if (pixels.length !== count * side * side) {
    throw new Error(`Expected ${count}·${side}·${side} = ${count * side * side} pixels, got ${pixels.length}`);
  }
  const out = new Uint8Array(DIGITS_HEADER_BYTES + count + pixels.length);
  for (let i = 0; i < 4; i++) out[i] = DIGITS_MAGIC.charCodeAt(i);
  out[4] = DIGITS_VERSION;
  out[5] = side;
  out[6] = PART_CODES[part];
  new DataView(out.buffer).setUint32(8, count, true);
  out.set(labels, DIGITS_HEADER_BYTES);
  out.set(pixels, DIGITS_HEADER_BYTES + count);
  return out;
}

/**
 * The whole binary's length in bytes, read from its first 12 bytes; null if
 * they are not a current header. Lets a download measure its progress when
 * the server already unpacked the gzip copy.
 */
export function digitsByteLength(header: Uint8Array): number | null {
  if (header.length < DIGITS_HEADER_BYTES) return null;
  const magic = String.fromCharCode(header[0]!, header[1]!, header[2]!, header[3]!);
  if (magic !== DIGITS_MAGIC || header[4] !== DIGITS_VERSION || !isSide(header[5]!)) return null;
  const count = new DataView(header.buffer, header.byteOffset, header.byteLength).getUint32(8, true);
  return DIGITS_HEADER_BYTES + count + count * header[5]! * header[5]!;
}

/**
 * Read a digits binary; throws a clear Error on anything that is not one, or
 * (with `expected`) not the side and part asked for.
 */
export function decodeDigits(buffer: ArrayBuffer | Uint8Array, expected?: { side?: number; part?: DigitPart }): DecodedDigits {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length < DIGITS_HEADER_BYTES) {
    throw new Error(`Digits binary too short: ${bytes.length} bytes, the header alone is ${DIGITS_HEADER_BYTES}`);
  }
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== DIGITS_MAGIC) throw new Error(`Not a digits binary: magic is ${JSON.stringify(magic)}, expected "${DIGITS_MAGIC}"`);
  const version = bytes[4]!;
  if (version !== DIGITS_VERSION) throw new Error(`Unsupported digits binary version ${version}, expected ${DIGITS_VERSION}`);
  const side = bytes[5]!;
  if (!isSide(side)) throw new Error(`Unsupported digits side ${side}, expected 28 or 14`);
  const part = DIGIT_PARTS.find((name) => PART_CODES[name] === bytes[6]);
  if (!part) throw new Error(`Unknown digits part code ${bytes[6]}, expected 1 (train) or 2 (test)`);
  if (bytes[7] !== 0) throw new Error(`Digits binary header byte 7 is ${bytes[7]}, expected 0`);
  if (expected && ((expected.side !== undefined && expected.side !== side) || (expected.part !== undefined && expected.part !== part))) {
    const wanted = digitsLabel(expected.side ?? side, expected.part ?? part);
    throw new Error(`Expected ${wanted}, but the binary holds ${digitsLabel(side, part)}`);
  }
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  const length = DIGITS_HEADER_BYTES + count + count * side * side;
  if (bytes.length !== length) {
    throw new Error(`Digits binary length ${bytes.length} does not match ${count} digits of ${side}×${side} (expected ${length} bytes)`);
  }
  const labels = bytes.subarray(DIGITS_HEADER_BYTES, DIGITS_HEADER_BYTES + count);
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= DIGIT_CLASSES) throw new Error(`Digits binary: label ${labels[i]} of digit ${i} is not 0–9`);
  }
  const pixels = bytes.subarray(DIGITS_HEADER_BYTES + count, length);
  return { side, part, count, labels, pixels };
}

/** Halve each image's side by averaging 2×2 blocks (rounded to the nearest integer). */
export function downsample2x(pixels: Uint8Array, count: number, side: number): Uint8Array {
  if (side % 2 !== 0) throw new Error(`Cannot halve an odd side ${side}`);
  if (pixels.length !== count * side * side) {
    throw new Error(`Expected ${count * side * side} pixels for ${count} images of ${side}×${side}, got ${pixels.length}`);
  }
  const half = side / 2;
  const out = new Uint8Array(count * half * half);
  for (let n = 0; n < count; n++) {
    const src = n * side * side;
    const dst = n * half * half;
    for (let r = 0; r < half; r++) {
      for (let c = 0; c < half; c++) {
        const top = src + 2 * r * side + 2 * c;
        const sum = pixels[top]! + pixels[top + 1]! + pixels[top + side]! + pixels[top + side + 1]!;
        out[dst + r * half + c] = Math.round(sum / 4);
      }
    }
  }
  return out;
}
