/**
 * Batches without per-batch work on the CPU: an epoch's shuffled order is
 * uploaded once and sliced on the device, and image jitter is a gather on the
 * device (each image shifted by whole pixels, zeros filling in, exactly as
 * `datasets/augment.ts` does on the CPU, which the engine tests compare with).
 */
import * as tf from '@tensorflow/tfjs';
import { shuffledIndices, type Rng } from '../core/rng';
import { engineForms, type BatchForm } from './dense';

/**
 * Rows of a data set kept twice: on the device, and as the host array they
 * came from. [stack, rows, width] row-major; stack is 1 for a plain set, S
 * for per-student data such as soft targets.
 */
export interface HostRows {
  /** The rows on the host; empty where batches are gathered on the device (see `EpochOrder`). */
  host: Float32Array;
  device: tf.Tensor;
  rows: number;
  width: number;
  stack: number;
}

export function hostRows(host: Float32Array, device: tf.Tensor, rows: number, width: number, stack = 1): HostRows {
  return { host, device, rows, width, stack };
}

/**
 * One epoch's batches in a shuffled order. Their rows come either from a
 * gather on the device per batch ('gather', for GPUs), or are cut on the host
 * and uploaded together at the start of the epoch ('upload', for wasm and cpu,
 * where the device memory is the CPU's and a gather costs time in proportion to
 * the whole set it gathers from: measured 1.3 ms for 128 rows of 8,000 × 196).
 * Dispose after the epoch.
 */
export class EpochOrder {
  private readonly order: Int32Array;
  private readonly indices: tf.Tensor1D[];
  private readonly uploaded = new Map<HostRows, tf.Tensor[]>();

  constructor(
    count: number,
    private readonly batchSize: number,
    rng: Rng,
    private readonly form: BatchForm = engineForms().batches,
  ) {
    this.order = shuffledIndices(count, rng);
    this.indices = splitIntoBatches(this.order, batchSize).map((batch) => tf.tensor1d(batch, 'int32'));
  }

  get batchCount(): number {
    return this.indices.length;
  }

  /** The indices of batch k (owned by this order: do not dispose). */
  batch(k: number): tf.Tensor1D {
    return this.indices[k]!;
  }

  /** With the 'upload' form, cut these sets' batches on the host and upload them all now. */
  prepare(sources: readonly HostRows[]): void {
    if (this.form !== 'upload') return;
    for (const source of sources) {
      this.uploaded.set(
        source,
        splitIntoBatches(this.order, this.batchSize).map((batch) => tf.tensor(gatherHostRows(source, batch), source.stack === 1 ? [batch.length, source.width] : [source.stack, batch.length, source.width])),
      );
    }
  }

  /** Batch k of a set: [B, width], or [S, B, width] for a stacked set (owned by this order or made in the caller's tidy). */
  rows(source: HostRows, k: number): tf.Tensor {
    const ready = this.uploaded.get(source);
    if (ready) return ready[k]!;
    return tf.gather(source.device, this.batch(k), source.stack === 1 ? 0 : 1);
  }

  dispose(): void {
    tf.dispose([...this.indices, ...[...this.uploaded.values()].flat()]);
  }
}

function gatherHostRows(source: HostRows, batch: Int32Array): Float32Array {
  const { host, rows, width, stack } = source;
  const out = new Float32Array(stack * batch.length * width);
  for (let s = 0; s < stack; s++) {
    for (let b = 0; b < batch.length; b++) out.set(host.subarray((s * rows + batch[b]!) * width, (s * rows + batch[b]! + 1) * width), (s * batch.length + b) * width);
  }
  return out;
}

function splitIntoBatches(values: Int32Array, batchSize: number): Int32Array[] {
  const batches: Int32Array[] = [];
  for (let start = 0; start < values.length; start += batchSize) batches.push(values.subarray(start, Math.min(values.length, start + batchSize)));
  return batches;
}

/**
 * Whole-pixel shifts of square images, done on the device. Shifts are drawn on
 * the CPU once per epoch (dx then dy per example, as the CPU jitter draws them)
 * and uploaded as one tensor of shift ids. The shift itself is a depthwise
 * convolution with the batch as channels, each channel's filter one-hot at its
 * shift: a handful of operations per batch whatever the batch size, and no
 * large index gather (whose bounds are checked element by element in JS on wasm).
 */
export class DeviceJitter {
  /** One-hot filters, one row per shift id (dyIndex·(2m+1) + dxIndex), [(2m+1)², (2m+1)²]. */
  private readonly filters: tf.Tensor2D;

  constructor(
    readonly side: number,
    readonly maxShift: number,
  ) {
    const span = 2 * maxShift + 1;
    const filters = new Float32Array(span ** 4);
    for (let dyIndex = 0; dyIndex < span; dyIndex++) {
      for (let dxIndex = 0; dxIndex < span; dxIndex++) {
        // out[r][c] = x[r − dy][c − dx]: a cross-correlation tap at (m − dy, m − dx), i.e. (2m − dyIndex, 2m − dxIndex).
        const tap = (span - 1 - dyIndex) * span + (span - 1 - dxIndex);
        filters[(dyIndex * span + dxIndex) * span * span + tap] = 1;
      }
    }
    this.filters = tf.tensor2d(filters, [span * span, span * span]);
  }

  /** Shift ids for `count` examples in epoch order, cut into batches (the caller disposes them). */
  drawShifts(count: number, batchSize: number, rng: Rng): tf.Tensor1D[] {
    const span = 2 * this.maxShift + 1;
    const ids = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      const dxIndex = rng.int(span);
      const dyIndex = rng.int(span);
      ids[k] = dyIndex * span + dxIndex;
    }
    return splitIntoBatches(ids, batchSize).map((batch) => tf.tensor1d(batch, 'int32'));
  }

  /** x [B, side²] shifted by shift ids [B]. Call inside tf.tidy. */
  apply(x: tf.Tensor2D, shiftIds: tf.Tensor1D): tf.Tensor2D {
    const rows = x.shape[0];
    const { side } = this;
    const span = 2 * this.maxShift + 1;
    const channels = tf.reshape(tf.transpose(x), [1, side, side, rows]) as tf.Tensor4D;
    const filter = tf.reshape(tf.transpose(tf.gather(this.filters, shiftIds)), [span, span, rows, 1]) as tf.Tensor4D;
    const shifted = tf.depthwiseConv2d(channels, filter, 1, 'same');
    return tf.transpose(tf.reshape(shifted, [side * side, rows])) as tf.Tensor2D;
  }

  dispose(): void {
    this.filters.dispose();
  }
}
