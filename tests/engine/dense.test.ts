import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { studentSpecs } from '../../src/core/roster';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { setDenseFormsOverride, type DenseForms } from '../../src/engine/dense';
import { Mlp, initialWeights } from '../../src/engine/mlp';
import { StackedMlp } from '../../src/engine/stacked-mlp';
import { StudentStack } from '../../src/engine/student-stack';
import { distillationLoss, meanCrossEntropy } from '../../src/engine/tf-losses';
import { useNodeBackend } from '../../src/engine/node-backend';
import { useCpu } from './setup';

beforeAll(useCpu);
afterEach(() => setDenseFormsOverride(null));

const ALL_FORMS: DenseForms[] = [
  { transposes: 'explicit', stack: 'split' },
  { transposes: 'explicit', stack: 'batched' },
  { transposes: 'fused', stack: 'split' },
  { transposes: 'fused', stack: 'batched' },
];

/** Largest |a − b| relative to the largest |b|. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

function randomBatch(rows: number, inputs: number, classes: number, seed: number) {
  const rng = createRng(seed);
  const x = tf.tensor2d(Float32Array.from({ length: rows * inputs }, () => rng.normal()), [rows, inputs]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: rows }, () => rng.int(classes)), 'int32'), classes).toFloat() as tf.Tensor2D;
  return { x, y };
}

/** Gradients of a cross-entropy loss w.r.t. every variable, as plain arrays. */
async function gradients(variables: tf.Variable[], loss: () => tf.Scalar): Promise<Float32Array[]> {
  const { grads } = tf.variableGrads(loss, variables);
  const values = await Promise.all(variables.map(async (v) => (await grads[v.name]!.data()) as Float32Array));
  tf.dispose(Object.values(grads));
  return values;
}

describe('dense layers in every form', () => {
  it.each(['cpu', 'wasm'] as const)("give TF.js's default gradients on %s (relative error ≤ 1e-5) on random layers", async (backend) => {
    await useNodeBackend(backend);
    for (const [seed, sizes] of [[1, [7, 13, 5]], [2, [20, 31, 17, 4]], [3, [196, 50, 50, 10]]] as const) {
      const model = new Mlp(`m${seed}`, sizes, initialWeights(sizes, createRng(seed)));
      const { x, y } = randomBatch(23, sizes[0], sizes.at(-1)!, seed + 10);
      const loss = () => meanCrossEntropy(y, model.logits(x));
      setDenseFormsOverride({ transposes: 'fused' });
      const reference = await gradients(model.variables, loss);
      setDenseFormsOverride({ transposes: 'explicit' });
      const explicit = await gradients(model.variables, loss);
      explicit.forEach((g, i) => expect(relativeError(g, reference[i]!)).toBeLessThanOrEqual(1e-5));
      model.dispose();
      tf.dispose([x, y]);
    }
    await useCpu();
  });

  it('stacked models compute, in every form, what separate models compute', async () => {
    const sizes = [9, 12, 8, 3];
    const weights = [1, 2, 3].map((seed) => initialWeights(sizes, createRng(seed)));
    const { x, y } = randomBatch(11, 9, 3, 5);
    setDenseFormsOverride({ transposes: 'fused' });
    const separate = weights.map((w, s) => new Mlp(`separate${s}`, sizes, w));
    const expectedLogits = await Promise.all(separate.map(async (m) => (await tf.tidy(() => m.logits(x)).data()) as Float32Array));
    const expectedGrads = await Promise.all(separate.map((m) => gradients(m.variables, () => meanCrossEntropy(y, m.logits(x)))));
    for (const forms of ALL_FORMS) {
      setDenseFormsOverride(forms);
      const stacked = new StackedMlp('stacked', sizes, weights);
      const logits = tf.tidy(() => tf.unstack(stacked.logits(x)));
      for (const [s, l] of logits.entries()) expect(relativeError((await l.data()) as Float32Array, expectedLogits[s]!)).toBeLessThanOrEqual(1e-5);
      tf.dispose(logits);
      // Sum of the models' losses: each model's slice of the gradient is its own.
      const { grads } = tf.variableGrads(() => tf.sum(tf.stack(tf.unstack(stacked.logits(x)).map((l) => meanCrossEntropy(y, l as tf.Tensor2D)))) as tf.Scalar, stacked.variables);
      // Read each model's gradient through the same layout as its weights.
      const probe = new StackedMlp('probe', sizes, weights);
      stacked.variables.forEach((v, i) => probe.variables[i]!.assign(grads[v.name]!));
      for (let s = 0; s < weights.length; s++) {
        const got = await probe.readWeights(s);
        got.forEach((g, i) => expect(relativeError(g, expectedGrads[s]![i]!)).toBeLessThanOrEqual(1e-5));
      }
      tf.dispose(Object.values(grads));
      probe.dispose();
      stacked.dispose();
    }
    separate.forEach((m) => m.dispose());
    tf.dispose([x, y]);
  });
});

describe('one fused Adam for a stack of students', () => {
  it('trains to the same weights as separate models with separate Adams (50 steps)', async () => {
    const settings = { ...DEFAULT_SETTINGS, temperature: 4, alpha: 0.7, omittedClass: 2 };
    const specs = studentSpecs(settings); // hard and soft omitting class 2, and soft-all
    const sizes = [6, 16, 16, 4];
    const initial = initialWeights(sizes, createRng(7));
    const rng = createRng(8);
    const n = 60;
    const x = tf.tensor2d(Float32Array.from({ length: n * 6 }, () => rng.normal()), [n, 6]);
    const labels = tf.tensor1d(Int32Array.from({ length: n }, () => rng.int(4)), 'int32');
    const oneHot = tf.oneHot(labels, 4).toFloat() as tf.Tensor2D;
    const soft = tf.softmax(tf.tensor2d(Float32Array.from({ length: n * 4 }, () => 3 * rng.normal()), [n, 4])) as tf.Tensor2D;
    const softTargets = new Map([[4, soft]]);

    const stack = new StudentStack(specs, sizes, initial, labels, 0.01);
    stack.setTargets(softTargets, oneHot);
    const separate = specs.map((spec) => ({ spec, model: new Mlp(spec.id, sizes, initial), optimizer: tf.train.adam(0.01) }));
    const batches = Array.from({ length: 50 }, (_, step) => Int32Array.from({ length: 12 }, (_, k) => (step * 12 + k * 7) % n));
    for (const batch of batches) {
      tf.tidy(() => {
        const indices = tf.tensor1d(batch, 'int32');
        const xb = tf.gather(x, indices);
        const yb = tf.gather(oneHot, indices);
        stack.step(xb, yb, indices).dispose();
        for (const { spec, model, optimizer } of separate) {
          const weights = spec.omitsClass < 0 ? undefined : (tf.cast(tf.notEqual(tf.gather(labels, indices), spec.omitsClass), 'float32') as tf.Tensor1D);
          const target = spec.target;
          optimizer.minimize(
            () => (target.kind === 'hard' ? meanCrossEntropy(yb, model.logits(xb), 1, weights) : distillationLoss(tf.gather(soft, indices), yb, model.logits(xb), target.temperature, target.alpha, weights)),
            false,
            model.variables,
          );
        }
      });
    }
    for (const [s, { model }] of separate.entries()) {
      const expected = await model.readWeights();
      const actual = await stack.model.readWeights(s);
      actual.forEach((w, i) => expect(relativeError(w, expected[i]!)).toBeLessThanOrEqual(1e-4));
    }
    // The students really differ (different targets and weights), so the comparison is not trivial.
    const [hard, softStudent] = [await stack.model.readWeights(0), await stack.model.readWeights(1)];
    expect(relativeError(hard[0]!, softStudent[0]!)).toBeGreaterThan(1e-2);
    stack.dispose();
    separate.forEach(({ model, optimizer }) => {
      model.dispose();
      optimizer.dispose();
    });
    tf.dispose([x, labels, oneHot, soft]);
  });
});
