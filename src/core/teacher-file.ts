/**
 * A trained teacher as bytes: the shipped files in datasets/teachers/, and the
 * teachers the browser stores (IndexedDB). Pure (no Node, DOM or tfjs).
 *
 * Layout: "DKLT" | version (uint8) | 0 0 0 | layer count L+1 (uint32 LE)
 *         | sizes (L+1 × uint32 LE) | W0, b0, W1, b1, … (float32 LE, W row-major in × out).
 */
export const TEACHER_MAGIC = 'DKLT';
export const TEACHER_FILE_VERSION = 1;

export interface TeacherWeights {
  /** Layer sizes, input first: [784, 1200, 1200, 10]. */
  sizes: number[];
  /** [W0, b0, W1, b1, …], as the engine's MlpWeights. */
  weights: Float32Array[];
}

const MAX_LAYERS = 16;
const MAX_UNITS = 1 << 16;

function weightLengths(sizes: readonly number[]): number[] {
  const lengths: number[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) lengths.push(sizes[l]! * sizes[l + 1]!, sizes[l + 1]!);
  return lengths;
}

export function encodeTeacher({ sizes, weights }: TeacherWeights): Uint8Array {
  const lengths = weightLengths(sizes);
  if (weights.length !== lengths.length || weights.some((w, i) => w.length !== lengths[i])) {
    throw new Error(`Teacher weights do not match the sizes ${sizes.join('-')}`);
  }
  const header = 8 + 4 + 4 * sizes.length;
  const floats = lengths.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(header + 4 * floats);
  for (let i = 0; i < 4; i++) out[i] = TEACHER_MAGIC.charCodeAt(i);
  out[4] = TEACHER_FILE_VERSION;
  const view = new DataView(out.buffer);
  view.setUint32(8, sizes.length, true);
  sizes.forEach((size, i) => view.setUint32(12 + 4 * i, size, true));
  let at = header;
  for (const w of weights) {
    for (let i = 0; i < w.length; i++) view.setFloat32(at + 4 * i, w[i]!, true);
    at += 4 * w.length;
  }
  return out;
}

/** Read a teacher file; throws a clear Error on anything that is not one. */
export function decodeTeacher(input: ArrayBuffer | Uint8Array): TeacherWeights {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length < 12) throw new Error(`Not a teacher file: ${bytes.length} bytes`);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== TEACHER_MAGIC) throw new Error(`Not a teacher file (magic ${JSON.stringify(magic)}, expected "${TEACHER_MAGIC}")`);
  if (bytes[4] !== TEACHER_FILE_VERSION) throw new Error(`Teacher file version ${bytes[4]} is not ${TEACHER_FILE_VERSION}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(8, true);
  if (count < 2 || count > MAX_LAYERS) throw new Error(`Teacher file has ${count} layer sizes (2–${MAX_LAYERS} allowed)`);
  const header = 12 + 4 * count;
  if (bytes.length < header) throw new Error('Teacher file ends inside its header');
  const sizes = Array.from({ length: count }, (_, i) => view.getUint32(12 + 4 * i, true));
  if (sizes.some((s) => s < 1 || s > MAX_UNITS)) throw new Error(`Teacher file sizes ${sizes.join('-')} are out of range`);
  const lengths = weightLengths(sizes);
  const expected = header + 4 * lengths.reduce((a, b) => a + b, 0);
  if (bytes.length !== expected) throw new Error(`Teacher file of sizes ${sizes.join('-')} should be ${expected} bytes, not ${bytes.length}`);
  let at = header;
  const weights = lengths.map((length) => {
    const w = new Float32Array(length);
    for (let i = 0; i < length; i++) w[i] = view.getFloat32(at + 4 * i, true);
    at += 4 * length;
    return w;
  });
  return { sizes, weights };
}

/** SHA-256 of bytes as lower-case hex (WebCrypto: Node ≥ 20, browsers and workers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
