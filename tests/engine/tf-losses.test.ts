import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { distillationLoss as referenceLoss } from '../../src/core/losses';
import { softmax } from '../../src/core/softmax';
import { distillationLoss } from '../../src/engine/tf-losses';
import { useCpu } from './setup';

beforeAll(useCpu);

describe('the engine loss matches the reference maths', () => {
  it.each([
    [1, 0.5],
    [4, 0.9],
    [20, 1],
    [2, 0],
  ])('at T = %d, α = %d', async (T, alpha) => {
    const teacher = [[4, 1, -2, 0.5], [0.2, 0.1, 3, -1], [-1, 2.5, 2, 0]];
    const student = [[1, 0.5, -1, 0], [0, 0.3, 1, -0.5], [0.4, 0.2, 1.5, -2]];
    const labels = [0, 2, 1];
    const expected = teacher.reduce((sum, v, i) => sum + referenceLoss(v, student[i]!, labels[i]!, T, alpha).total, 0) / teacher.length;
    const loss = tf.tidy(() =>
      distillationLoss(
        tf.tensor2d(teacher.map((v) => softmax(v, T))),
        tf.oneHot(tf.tensor1d(labels, 'int32'), 4).toFloat() as tf.Tensor2D,
        tf.tensor2d(student),
        T,
        alpha,
      ),
    );
    expect((await loss.data())[0]).toBeCloseTo(expected, 4);
    loss.dispose();
  });
});
