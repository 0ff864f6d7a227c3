/**
 * Input jitter for image batches: each image shifted by a random whole number of pixels (zeros fill in).
 * The engine jitters on the device (src/engine/device-batches.ts); this plain version is the reference it is tested against.
 */
import type { Rng } from '../src/core/rng';

export function jitteredBatch(x: Float32Array, indices: ArrayLike<number>, side: number, maxShift: number, rng: Rng): Float32Array {
  const size = side * side;
  const out = new Float32Array(indices.length * size);
  for (let k = 0; k < indices.length; k++) {
    const src = indices[k]! * size;
    const dst = k * size;
    const dx = rng.int(2 * maxShift + 1) - maxShift;
    const dy = rng.int(2 * maxShift + 1) - maxShift;
    for (let row = 0; row < side; row++) {
      const fromRow = row - dy;
      if (fromRow < 0 || fromRow >= side) continue;
      for (let col = 0; col < side; col++) {
        const fromCol = col - dx;
        if (fromCol >= 0 && fromCol < side) out[dst + row * side + col] = x[src + fromRow * side + fromCol]!;
      }
    }
  }
  return out;
}
