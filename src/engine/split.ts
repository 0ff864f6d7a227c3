/** A data split held on the device (inputs, integer labels, one-hot labels), with host copies of the rows batches are cut from. */
import * as tf from '@tensorflow/tfjs';
import { hostRows, type HostRows } from './device-batches';
import { uploadChunks } from './row-chunks';

export interface Split {
  x: tf.Tensor2D;
  labels: tf.Tensor1D;
  oneHot: tf.Tensor2D;
  count: number;
  /** The same inputs and one-hot labels as batch sources (see `EpochOrder`). */
  xRows: HostRows;
  oneHotRows: HostRows;
  /** The inputs again, cut into chunks for evaluation (see row-chunks.ts). */
  chunks: tf.Tensor2D[];
  /** Integer labels on the host. */
  hostLabels: Int32Array;
  /** The inputs on the host, row-major, `width` per row (for evaluations in smaller pieces, sliced-evaluation.ts). */
  hostX: Float32Array;
  width: number;
}

export function makeSplit(x: Float32Array, y: Int32Array, inputSize: number, classes: number): Split {
  const oneHotHost = new Float32Array(y.length * classes);
  y.forEach((label, i) => (oneHotHost[i * classes + label] = 1));
  const xDevice = tf.tensor2d(x, [y.length, inputSize]);
  const oneHot = tf.tensor2d(oneHotHost, [y.length, classes]);
  return {
    x: xDevice,
    labels: tf.tensor1d(y, 'int32'),
    oneHot,
    count: y.length,
    xRows: hostRows(x, xDevice, y.length, inputSize),
    oneHotRows: hostRows(oneHotHost, oneHot, y.length, classes),
    hostLabels: y,
    hostX: x,
    width: inputSize,
    chunks: uploadChunks(x, y.length, inputSize),
  };
}

export function disposeSplit(split: Split): void {
  tf.dispose([split.x, split.labels, split.oneHot, ...split.chunks]);
}
