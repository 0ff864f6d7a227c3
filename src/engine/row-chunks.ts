/**
 * Apply a model to a large set in row chunks, so no single huge activation
 * tensor is made. Rows are taken with `gather`, not `slice`: on wasm a slice
 * reads its whole source back first (a copy of the full set per chunk).
 */
import * as tf from '@tensorflow/tfjs';

export function mapRowChunks<T extends tf.Tensor>(x: tf.Tensor2D, chunk: number, concatAxis: number, apply: (rows: tf.Tensor2D) => T): T {
  return tf.tidy(() => {
    const rows = x.shape[0];
    if (rows <= chunk) return apply(x);
    const parts: T[] = [];
    for (let start = 0; start < rows; start += chunk) parts.push(apply(tf.gather(x, tf.range(start, Math.min(rows, start + chunk), 1, 'int32'))));
    return tf.concat(parts, concatAxis) as T;
  });
}
