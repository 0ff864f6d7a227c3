/**
 * The digits' compact binary: a 12-byte header, one label byte per digit,
 * then uint8 pixels. Pure (no Node, DOM or tfjs), so the browser and the
 * converter read and write exactly the same bytes.
 *
 * Layout: "DKLD" | version (1) | side (28 or 14) | 0 | 0 | count (uint32 LE)
 *         | count labels | count·side·side pixels (0–255, row-major).
 */
export const DIGITS_MAGIC = 'DKLD';
export const DIGITS_VERSION = 1;
export const DIGITS_HEADER_BYTES = 12;
const SIDES: readonly number[] = [28, 14];

export interface DecodedDigits {
  side: number;
  count: number;
  labels: Uint8Array;
  pixels: Uint8Array;
}

export function encodeDigits({ side, labels, pixels }: { side: number; labels: Uint8Array; pixels: Uint8Array }): Uint8Array {
  if (!SIDES.includes(side)) throw new Error(`Digits side must be 28 or 14, got ${side}`);
  const count = labels.length;
  if (pixels.length !== count * side * side) {
    throw new Error(`Expected ${count}·${side}·${side} = ${count * side * side} pixels, got ${pixels.length}`);
  }
  const out = new Uint8Array(DIGITS_HEADER_BYTES + count + pixels.length);
  for (let i = 0; i < 4; i++) out[i] = DIGITS_MAGIC.charCodeAt(i);
  out[4] = DIGITS_VERSION;
  out[5] = side;
  new DataView(out.buffer).setUint32(8, count, true);
  out.set(labels, DIGITS_HEADER_BYTES);
  out.set(pixels, DIGITS_HEADER_BYTES + count);
  return out;
}

/** Read a digits binary; throws a clear Error on anything that is not one. */
export function decodeDigits(buffer: ArrayBuffer | Uint8Array): DecodedDigits {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length < DIGITS_HEADER_BYTES) {
    throw new Error(`Digits binary too short: ${bytes.length} bytes, the header alone is ${DIGITS_HEADER_BYTES}`);
  }
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== DIGITS_MAGIC) throw new Error(`Not a digits binary: magic is ${JSON.stringify(magic)}, expected "${DIGITS_MAGIC}"`);
  const version = bytes[4]!;
  if (version !== DIGITS_VERSION) throw new Error(`Unsupported digits binary version ${version}, expected ${DIGITS_VERSION}`);
  const side = bytes[5]!;
  if (!SIDES.includes(side)) throw new Error(`Unsupported digits side ${side}, expected 28 or 14`);
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  const expected = DIGITS_HEADER_BYTES + count + count * side * side;
  if (bytes.length !== expected) {
    throw new Error(`Digits binary length ${bytes.length} does not match ${count} digits of ${side}×${side} (expected ${expected} bytes)`);
  }
  const labels = bytes.slice(DIGITS_HEADER_BYTES, DIGITS_HEADER_BYTES + count);
  const pixels = bytes.slice(DIGITS_HEADER_BYTES + count, expected);
  return { side, count, labels, pixels };
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
