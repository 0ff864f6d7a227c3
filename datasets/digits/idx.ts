/**
 * The IDX format of LeCun's MNIST files, unsigned bytes only. Pure (no Node,
 * DOM or tfjs), so it can be tested on hand-made buffers.
 *
 * Layout: 0 | 0 | type (0x08 = unsigned byte) | number of dimensions n
 *         | n sizes (uint32 big-endian) | the data, row-major.
 * MNIST: images are 3-dimensional (count × rows × columns, magic 0x00000803),
 * labels 1-dimensional (count, magic 0x00000801).
 */
export const IDX_UBYTE = 0x08;

export interface IdxArray {
  /** The sizes, outermost first. */
  dims: number[];
  /** A view of the data inside the given buffer (no copy). */
  data: Uint8Array;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** Parse an IDX file of unsigned bytes; throws a clear Error on anything else. `what` names it in messages. */
export function parseIdx(buffer: ArrayBuffer | Uint8Array, what = 'IDX file'): IdxArray {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length < 4) throw new Error(`${what}: ${bytes.length} bytes is too short for an IDX header (4 bytes at least)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new Error(`${what}: not an IDX file (magic number ${hex(magic)} does not start with two zero bytes)`);
  const type = bytes[2]!;
  if (type !== IDX_UBYTE) {
    throw new Error(`${what}: unsupported IDX data type 0x${type.toString(16).padStart(2, '0')} (magic number ${hex(magic)}); only unsigned bytes (0x08) are supported`);
  }
  const rank = bytes[3]!;
  if (rank === 0) throw new Error(`${what}: IDX magic number ${hex(magic)} declares no dimensions`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new Error(`${what}: ${bytes.length} bytes is too short for the header of ${rank} dimensions (${headerBytes} bytes)`);
  }
  const dims = Array.from({ length: rank }, (_, k) => view.getUint32(4 + 4 * k, false));
  const size = dims.reduce((product, n) => product * n, 1);
  const expected = headerBytes + size;
  if (bytes.length !== expected) {
    throw new Error(`${what}: length ${bytes.length} bytes does not match its dimensions ${dims.join(' × ')} (expected ${expected} bytes)`);
  }
  return { dims, data: bytes.subarray(headerBytes, expected) };
}

/** An IDX file of images: count × rows × columns unsigned bytes. */
export function parseIdxImages(buffer: ArrayBuffer | Uint8Array, what = 'IDX images'): { count: number; rows: number; columns: number; pixels: Uint8Array } {
  const { dims, data } = parseIdx(buffer, what);
  if (dims.length !== 3) throw new Error(`${what}: expected 3 dimensions (count × rows × columns), got ${dims.length} (${dims.join(' × ')})`);
  const [count, rows, columns] = dims as [number, number, number];
  return { count, rows, columns, pixels: data };
}

/** An IDX file of labels: one unsigned byte each, every one below `classes`. */
export function parseIdxLabels(buffer: ArrayBuffer | Uint8Array, classes = 10, what = 'IDX labels'): Uint8Array {
  const { dims, data } = parseIdx(buffer, what);
  if (dims.length !== 1) throw new Error(`${what}: expected 1 dimension (count), got ${dims.length} (${dims.join(' × ')})`);
  for (let i = 0; i < data.length; i++) {
    if (data[i]! >= classes) throw new Error(`${what}: label ${data[i]} at index ${i} is not a class (0–${classes - 1})`);
  }
  return data;
}

/** Encode unsigned bytes as IDX (the tests' hand-made files, and a check that parsing round-trips). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((product, n) => product * n, 1);
  if (data.length !== size) throw new Error(`IDX data of ${data.length} bytes does not match its dimensions ${dims.join(' × ')} (${size} bytes)`);
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  out[2] = IDX_UBYTE;
  out[3] = dims.length;
  dims.forEach((n, k) => view.setUint32(4 + 4 * k, n, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
