/** A data split held on the device: inputs, integer labels and one-hot labels. */
import * as tf from '@tensorflow/tfjs';

export interface Split {
  x: tf.Tensor2D;
  labels: tf.Tensor1D;
  oneHot: tf.Tensor2D;
  count: number;
}

export function makeSplit(x: Float32Array, y: Int32Array, inputSize: number, classes: number): Split {
  return tf.tidy(() => {
    const labels = tf.tensor1d(y, 'int32');
    return {
      x: tf.tensor2d(x, [y.length, inputSize]),
      labels,
      oneHot: tf.oneHot(labels, classes).toFloat() as tf.Tensor2D,
      count: y.length,
    };
  });
}

export function disposeSplit(split: Split): void {
  tf.dispose([split.x, split.labels, split.oneHot]);
}
