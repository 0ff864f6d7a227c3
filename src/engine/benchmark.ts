/**
 * Training throughput of the current TF.js backend: Adam steps of one MLP on
 * random data for a time budget, examples per second. Used to choose the
 * fastest backend in the browser and by `npm run bench`.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/rng';
import { Mlp, initialWeights } from './mlp';
import { meanCrossEntropy } from './tf-losses';

export async function measureTrainingThroughput(sizes: readonly number[], batchSize: number, budgetMs: number, warmupSteps = 3): Promise<number> {
  const rng = createRng(12345);
  const model = new Mlp('benchmark', sizes, initialWeights(sizes, rng));
  const optimizer = tf.train.adam(1e-3);
  const inputs = Float32Array.from({ length: batchSize * sizes[0]! }, () => rng.normal());
  const labels = Int32Array.from({ length: batchSize }, () => rng.int(sizes[sizes.length - 1]!));
  const x = tf.tensor2d(inputs, [batchSize, sizes[0]!]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), sizes[sizes.length - 1]!).toFloat() as tf.Tensor2D);
  const step = () => tf.tidy(() => optimizer.minimize(() => meanCrossEntropy(y, model.logits(x)), true, model.variables)!);
  try {
    // Warm-up compiles shaders / kernels; not counted.
    for (let i = 0; i < warmupSteps; i++) {
      const cost = step();
      await cost.data();
      cost.dispose();
    }
    let steps = 0;
    const started = performance.now();
    while (performance.now() - started < budgetMs) {
      for (let i = 0; i < 4; i++) step().dispose();
      const cost = step();
      await cost.data(); // wait for queued GPU work before reading the clock
      cost.dispose();
      steps += 5;
    }
    return (steps * batchSize) / ((performance.now() - started) / 1000);
  } finally {
    model.dispose();
    optimizer.dispose();
    tf.dispose([x, y]);
  }
}
