/**
 * Apply a model to a large set in row chunks, so no single huge activation
 * tensor is made. A set that is evaluated again and again (the splits) is kept
 * on the device already cut into chunks (`uploadChunks`): on wasm, taking rows
 * out of one big tensor is slow either way (a slice reads the whole source back
 * first; a gather copies element by element, ~50 ns each, measured).
 */
import * as tf from '@tensorflow/tfjs';

/** Rows per evaluation chunk. */
export const EVAL_CHUNK_ROWS = 4096;

export type Rows = tf.Tensor2D | readonly tf.Tensor2D[];

/** Host rows [rows, width] uploaded as chunks of at most EVAL_CHUNK_ROWS rows. */
export function uploadChunks(values: Float32Array, rows: number, width: number): tf.Tensor2D[] {
  const chunks: tf.Tensor2D[] = [];
  for (let start = 0; start < rows; start += EVAL_CHUNK_ROWS) {
    const end = Math.min(rows, start + EVAL_CHUNK_ROWS);
    chunks.push(tf.tensor2d(values.subarray(start * width, end * width), [end - start, width]));
  }
  return chunks;
}

/**
 * `apply` over the chunks (or the row chunks of one tensor), results joined along `concatAxis`.
 * Each chunk's intermediates are freed before the next, so the peak is one chunk's activations
 * (what size-limits.ts counts), not the whole set's.
 */
export function mapRowChunks<T extends tf.Tensor>(x: Rows, concatAxis: number, apply: (rows: tf.Tensor2D) => T): T {
  const applyAlone = (rows: tf.Tensor2D) => tf.tidy(() => apply(rows));
  return tf.tidy(() => {
    if (Array.isArray(x)) return x.length === 1 ? apply(x[0]!) : (tf.concat(x.map(applyAlone), concatAxis) as T);
    const single = x as tf.Tensor2D;
    const rows = single.shape[0];
    if (rows <= EVAL_CHUNK_ROWS) return apply(single);
    const parts: T[] = [];
    for (let start = 0; start < rows; start += EVAL_CHUNK_ROWS) parts.push(applyAlone(tf.gather(single, tf.range(start, Math.min(rows, start + EVAL_CHUNK_ROWS), 1, 'int32'))));
    return tf.concat(parts, concatAxis) as T;
  });
}
