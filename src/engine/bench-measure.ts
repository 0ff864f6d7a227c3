/**
 * The two reference figures of `npm run bench`, on the active backend: the
 * speed of one large matrix product (what the hardware and backend can do),
 * and a naive training loop (TF.js Layers `model.fit`, the textbook way) of the
 * same model. No Node imports: the browser worker runs these too.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/rng';
import { matMulGflops } from './bench-models';

const now = () => performance.now();

/** Wait for queued work through a one-element read, not a read of the whole tensor. */
async function settle(t: tf.Tensor): Promise<void> {
  const corner = tf.tidy(() => tf.slice(t.reshape([-1]), [0], [1]));
  await corner.data();
  corner.dispose();
}

/** GFLOP/s of n×n · n×n float32 products, for at least `budgetMs` after one warm-up product. */
export async function measureMatMul(budgetMs: number, n = 1024): Promise<number> {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1) as tf.Tensor2D;
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 2) as tf.Tensor2D;
  try {
    const warm = tf.matMul(a, b);
    await settle(warm);
    warm.dispose();
    let count = 0;
    let chunk = 1;
    const started = now();
    while (now() - started < budgetMs) {
      const chunkStarted = now();
      for (let i = 0; i < chunk; i++) {
        const c = tf.matMul(a, b);
        if (i === chunk - 1) await settle(c);
        c.dispose();
      }
      count += chunk;
      // Queue more products per read while one read is a small share of the budget.
      if (now() - chunkStarted < budgetMs / 8) chunk *= 2;
    }
    return matMulGflops(n, count, (now() - started) / 1000);
  } finally {
    tf.dispose([a, b]);
  }
}

/**
 * Examples per second of `model.fit` on a `tf.sequential` of dense layers
 * (ReLU, softmax output, categorical cross-entropy, Adam 1e-3) with the given
 * sizes and batch, on random data, no shuffling, no logging: a warm-up fit,
 * a short fit that sizes the run, then one timed fit of about `budgetMs`
 * (up to 32 steps an epoch, as many epochs as fill the budget); rows × epochs / seconds.
 */
export async function measureLayersFit(sizes: readonly number[], batchSize: number, budgetMs: number): Promise<number> {
  const rng = createRng(54321);
  const inputs = sizes[0]!;
  const classes = sizes[sizes.length - 1]!;
  const model = tf.sequential();
  for (let i = 1; i < sizes.length; i++) {
    const last = i === sizes.length - 1;
    model.add(tf.layers.dense({ units: sizes[i]!, activation: last ? 'softmax' : 'relu', ...(i === 1 ? { inputShape: [inputs] } : {}) }));
  }
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const data = (rows: number) => {
    const x = tf.tensor2d(Float32Array.from({ length: rows * inputs }, () => rng.normal()), [rows, inputs]);
    const labels = tf.tensor1d(Int32Array.from({ length: rows }, () => rng.int(classes)), 'int32');
    const y = tf.tidy(() => tf.oneHot(labels, classes).toFloat());
    labels.dispose();
    return { x, y };
  };
  const fitOptions = { batchSize, shuffle: false, verbose: 0 as const };
  const warm = data(batchSize * 4);
  let main: { x: tf.Tensor; y: tf.Tensor } | null = null;
  try {
    await model.fit(warm.x, warm.y, { ...fitOptions, epochs: 1 }); // compiles kernels, builds the optimizer's slots
    let started = now();
    await model.fit(warm.x, warm.y, { ...fitOptions, epochs: 1 });
    const estimate = (batchSize * 4) / Math.max(1e-6, (now() - started) / 1000);
    const stepsWanted = Math.max(1, Math.round((estimate * budgetMs) / 1000 / batchSize));
    const steps = Math.min(32, stepsWanted);
    const epochs = Math.max(1, Math.round(stepsWanted / steps));
    main = data(batchSize * steps);
    started = now();
    await model.fit(main.x, main.y, { ...fitOptions, epochs });
    return (batchSize * steps * epochs) / ((now() - started) / 1000);
  } finally {
    tf.dispose([warm.x, warm.y]);
    if (main) tf.dispose([main.x, main.y]);
    model.dispose();
    optimizer.dispose();
  }
}
