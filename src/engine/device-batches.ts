/**
 * Batches without per-batch work on the CPU: an epoch's shuffled order is
 * uploaded once and sliced on the device, and image jitter is a gather on the
 * device (each image shifted by whole pixels, zeros filling in, exactly as
 * `datasets/augment.ts` does on the CPU, which the engine tests compare with).
 */
import * as tf from '@tensorflow/tfjs';
import { shuffledIndices, type Rng } from '../core/rng';

/** One epoch's batches as slices of one uploaded order. Dispose after the epoch. */
export class EpochOrder {
  readonly order: tf.Tensor1D;
  readonly batchCount: number;

  constructor(
    readonly count: number,
    readonly batchSize: number,
    rng: Rng,
  ) {
    this.order = tf.tensor1d(shuffledIndices(count, rng), 'int32');
    this.batchCount = Math.ceil(count / batchSize);
  }

  /** The indices of batch k (a device slice; call inside tf.tidy). */
  batch(k: number): tf.Tensor1D {
    const start = k * this.batchSize;
    return tf.slice(this.order, [start], [Math.min(this.batchSize, this.count - start)]);
  }

  dispose(): void {
    this.order.dispose();
  }
}

/**
 * Whole-pixel shifts of square images, done on the device. Shifts are drawn on
 * the CPU once per epoch (dx then dy per example, as the CPU jitter draws them)
 * and uploaded as one index tensor.
 */
export class DeviceJitter {
  private readonly padded: number;
  /** Flat index, in a padded image, of each output pixel with no shift. */
  private readonly base: tf.Tensor2D;
  /** Flat offset of each of the (2m+1)² shifts, by shift id dyIndex·(2m+1) + dxIndex. */
  private readonly offsets: tf.Tensor1D;

  constructor(
    readonly side: number,
    readonly maxShift: number,
  ) {
    const m = maxShift;
    const padded = side + 2 * m;
    this.padded = padded;
    const base = new Int32Array(side * side);
    for (let row = 0; row < side; row++) for (let col = 0; col < side; col++) base[row * side + col] = (row + m) * padded + (col + m);
    const span = 2 * m + 1;
    const offsets = new Int32Array(span * span);
    for (let dyIndex = 0; dyIndex < span; dyIndex++) {
      for (let dxIndex = 0; dxIndex < span; dxIndex++) offsets[dyIndex * span + dxIndex] = -((dyIndex - m) * padded + (dxIndex - m));
    }
    this.base = tf.tensor2d(base, [1, side * side], 'int32');
    this.offsets = tf.tensor1d(offsets, 'int32');
  }

  /** Shift ids for `count` examples, one per example in epoch order. */
  drawShifts(count: number, rng: Rng): tf.Tensor1D {
    const span = 2 * this.maxShift + 1;
    const ids = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      const dxIndex = rng.int(span);
      const dyIndex = rng.int(span);
      ids[k] = dyIndex * span + dxIndex;
    }
    return tf.tensor1d(ids, 'int32');
  }

  /** x [B, side²] shifted by shift ids [B]. Call inside tf.tidy. */
  apply(x: tf.Tensor2D, shiftIds: tf.Tensor1D): tf.Tensor2D {
    const rows = x.shape[0];
    const { side, maxShift: m, padded } = this;
    const flat = tf.reshape(tf.pad(tf.reshape(x, [rows, side, side]), [[0, 0], [m, m], [m, m]]), [rows * padded * padded]);
    const imageStarts = tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(padded * padded, 'int32'));
    const starts = tf.reshape(tf.add(imageStarts, tf.gather(this.offsets, shiftIds)), [rows, 1]);
    return tf.reshape(tf.gather(flat, tf.reshape(tf.add(starts, this.base), [rows * side * side])), [rows, side * side]);
  }

  dispose(): void {
    tf.dispose([this.base, this.offsets]);
  }
}
