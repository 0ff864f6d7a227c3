/**
 * Dropout masks drawn once per run and reused. `tf.dropout` draws its random
 * numbers in JavaScript and uploads them every step (all backends), which cost
 * 40% of a digits-teacher epoch on wasm (measured). Here each hidden layer gets
 * a pool of masks (0, or 1/(1 − rate), as tf.dropout scales), drawn from the
 * run's seeded RNG and uploaded at the start; each step picks one per layer at
 * random. Examples meet masks in a fresh random pairing every step (the
 * batches are reshuffled each epoch), so the noise still differs per example
 * and per step; only the set of patterns is finite.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng';

export const MASK_POOL_SIZE = 32;

export class DropoutMasks {
  /** masks[layer][k]: [batchSize, width]. */
  private readonly masks: tf.Tensor2D[][];

  constructor(
    readonly batchSize: number,
    widths: readonly number[],
    readonly rate: number,
    rng: Rng,
  ) {
    const keep = 1 - rate;
    this.masks = widths.map((width) =>
      Array.from({ length: MASK_POOL_SIZE }, () => {
        const values = new Float32Array(batchSize * width);
        for (let i = 0; i < values.length; i++) values[i] = rng.next() < keep ? 1 / keep : 0;
        return tf.tensor2d(values, [batchSize, width]);
      }),
    );
  }

  /** One mask per hidden layer for a batch of `rows` (≤ batchSize), chosen by `rng`. Call inside tf.tidy. */
  pick(rows: number, rng: Rng): tf.Tensor2D[] {
    return this.masks.map((pool) => {
      const mask = pool[rng.int(MASK_POOL_SIZE)]!;
      return rows === this.batchSize ? mask : tf.slice(mask, [0, 0], [rows, -1]);
    });
  }

  dispose(): void {
    tf.dispose(this.masks.flat());
  }
}
