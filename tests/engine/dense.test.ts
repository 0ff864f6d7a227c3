import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { studentSpecs } from '../../src/core/roster';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import type { EngineForms } from '../../src/engine/dense';
import { Mlp, initialWeights } from '../../src/engine/mlp';
import { StackedMlp } from '../../src/engine/stacked-mlp';
import { StudentStack } from '../../src/engine/student-stack';
import { Adam } from '../../src/engine/adam';
import { DropoutMasks } from '../../src/engine/dropout-masks';
import { distillationLoss, meanCrossEntropy } from '../../src/engine/tf-losses';
import { useNodeBackend } from '../../src/engine/node-backend';
import { useCpu } from './setup';

beforeAll(useCpu);

const ALL_FORMS: EngineForms[] = [
  { transposes: 'explicit', stack: 'split', adam: 'per-variable', batches: 'gather' },
  { transposes: 'explicit', stack: 'batched', adam: 'per-variable', batches: 'gather' },
  { transposes: 'fused', stack: 'split', adam: 'per-variable', batches: 'gather' },
  { transposes: 'fused', stack: 'batched', adam: 'per-variable', batches: 'gather' },
];

/**
 * The per-layer forms: TF.js's transposed products ('fused'), and explicit transposes with the input gradient
 * dz·Wᵀ formed either way (dense.ts), with TF.js's operations or the SIMD kernels (wasm-kernels.ts; on a
 * backend without them, TF.js's operations again).
 */
const LAYER_FORMS: Pick<EngineForms, 'transposes' | 'inputGradient' | 'kernels'>[] = [
  { transposes: 'fused' },
  ...(['weights', 'product'] as const).flatMap((inputGradient) => (['tf', 'simd'] as const).map((kernels) => ({ transposes: 'explicit' as const, inputGradient, kernels }))),
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

/** A taped forward pass with TF.js's own ops (its default gradients are the reference), with dropout masks when given. */
function tapedLogits(model: Mlp, x: tf.Tensor2D, masks?: tf.Tensor2D[]): tf.Tensor2D {
  const layers = model.sizes.length - 1;
  let h: tf.Tensor2D = x;
  for (let layer = 0; layer < layers; layer++) {
    h = tf.add(tf.matMul(h, model.variables[2 * layer] as tf.Variable<tf.Rank.R2>), model.variables[2 * layer + 1]!);
    if (layer + 1 < layers) {
      h = tf.relu(h);
      if (masks) h = tf.mul(h, masks[layer]!);
    }
  }
  return h;
}

const crossEntropyGradient = (y: tf.Tensor2D) => (logits: tf.Tensor2D) => tf.div(tf.sub(tf.softmax(logits), y), logits.shape[0]) as tf.Tensor2D;

describe('the written-out backward pass, in every form', () => {
  it.each(['cpu', 'wasm'] as const)("gives TF.js's default gradients on %s (relative error ≤ 1e-5) on random layers, with and without dropout", async (backend) => {
    await useNodeBackend(backend);
    const cases = [[1, [7, 13, 5]], [2, [20, 31, 17, 4]], [3, [196, 50, 50, 10]]] as const;
    // 23 rows, and 3 (a piece of a large model's batch, where the input gradient is taken product first on wasm).
    for (const [seed, sizes, rows] of cases.flatMap(([seed, sizes]) => [23, 3].map((rows) => [seed, sizes, rows] as const))) {
      for (const withDropout of [false, true]) {
        const model = new Mlp(`m${seed}`, sizes, initialWeights(sizes, createRng(seed)));
        const { x, y } = randomBatch(rows, sizes[0], sizes.at(-1)!, seed + 10);
        const pool = withDropout ? new DropoutMasks(23, sizes.slice(1, -1), 0.3, createRng(seed + 20)) : null;
        const dropout = pool?.pick(rows, createRng(1));
        const reference = await gradients(model.variables, () => meanCrossEntropy(y, tapedLogits(model, x, dropout)));
        for (const forms of LAYER_FORMS) {
          const grads = tf.tidy(() => model.gradients(x, crossEntropyGradient(y), dropout, { ...forms, stack: 'split', adam: 'per-variable', batches: 'gather' }));
          for (const [i, g] of grads.entries()) expect(relativeError((await g.data()) as Float32Array, reference[i]!)).toBeLessThanOrEqual(1e-5);
          tf.dispose(grads);
        }
        model.dispose();
        pool?.dispose();
        tf.dispose([x, y]);
      }
    }
    await useCpu();
  });

  it.each(['cpu', 'wasm'] as const)('stacked models compute, in every form, the logits and gradients of separate models (%s; 11 rows, and 2)', async (backend) => {
    await useNodeBackend(backend);
    for (const rows of [11, 2]) await compareStacked(rows);
    await useCpu();
  });
});

async function compareStacked(rows: number) {
  {
    const sizes = [9, 12, 8, 3];
    const weights = [1, 2, 3].map((seed) => initialWeights(sizes, createRng(seed)));
    const { x, y } = randomBatch(rows, 9, 3, 5);
    const separate = weights.map((w, s) => new Mlp(`separate${s}`, sizes, w));
    const expectedLogits = await Promise.all(separate.map(async (m) => (await tf.tidy(() => m.logits(x)).data()) as Float32Array));
    const expectedGrads = await Promise.all(separate.map((m) => gradients(m.variables, () => meanCrossEntropy(y, tapedLogits(m, x)))));
    const stacked = new StackedMlp('stacked', sizes, weights);
    const probe = new StackedMlp('probe', sizes, weights);
    const explicitForms = LAYER_FORMS.filter((f) => f.transposes === 'explicit');
    for (const forms of [...ALL_FORMS, ...explicitForms.flatMap((layer) => (['split', 'batched'] as const).map((stack): EngineForms => ({ ...ALL_FORMS[0]!, ...layer, stack })))]) {
      const logits = tf.tidy(() => tf.unstack(stacked.logits(x, forms)));
      for (const [s, l] of logits.entries()) expect(relativeError((await l.data()) as Float32Array, expectedLogits[s]!)).toBeLessThanOrEqual(1e-5);
      tf.dispose(logits);
      // The gradient of the sum of the models' losses; read each model's part through the weights' own layout.
      const grads = tf.tidy(() => stacked.gradients(x, (z) => tf.div(tf.sub(tf.softmax(z), y), rows) as tf.Tensor3D, forms));
      expect(grads.map((g) => g.shape)).toEqual(stacked.variables.map((v) => v.shape));
      probe.variables.forEach((v, i) => v.assign(grads[i]!));
      for (let s = 0; s < weights.length; s++) {
        const got = await probe.readWeights(s);
        got.forEach((g, i) => expect(relativeError(g, expectedGrads[s]![i]!)).toBeLessThanOrEqual(1e-5));
      }
      tf.dispose(grads);
    }
    [...separate, stacked, probe].forEach((m) => m.dispose());
    tf.dispose([x, y]);
  }
}

describe('one fused Adam for a stack of students', () => {
  it.each(['cpu', 'wasm'] as const)('trains to the same weights as separate models with separate Adams (50 steps, %s, its measured forms)', async (backend) => {
    await useNodeBackend(backend);
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

    const stack = new StudentStack(specs, sizes, initial, (await labels.data()) as Int32Array, 0.01);
    stack.setTargets(softTargets, oneHot);
    const sources = await stack.batchSources();
    const separate = specs.map((spec) => ({ spec, model: new Mlp(spec.id, sizes, initial), optimizer: tf.train.adam(0.01) }));
    const batches = Array.from({ length: 50 }, (_, step) => Int32Array.from({ length: 12 }, (_, k) => (step * 12 + k * 7) % n));
    for (const batch of batches) {
      tf.tidy(() => {
        const indices = tf.tensor1d(batch, 'int32');
        const xb = tf.gather(x, indices);
        const yb = tf.gather(oneHot, indices);
        stack.step(xb, yb, tf.gather(sources.targets.device, indices, 1) as tf.Tensor3D, tf.gather(sources.weights!.device, indices, 1) as tf.Tensor3D);
        for (const { spec, model, optimizer } of separate) {
          const weights = spec.ignoredClasses.length === 0 ? undefined : (tf.cast(tf.notEqual(tf.gather(labels, indices), spec.ignoredClasses[0]!), 'float32') as tf.Tensor1D);
          const target = spec.target;
          optimizer.minimize(
            () => (target.kind === 'hard' ? meanCrossEntropy(yb, tapedLogits(model, xb), 1, weights) : distillationLoss(tf.gather(soft, indices), yb, tapedLogits(model, xb), target.temperature, target.alpha, weights)),
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
    await useCpu();
  });
});

describe('Adam with folded bias corrections', () => {
  it.each([
    ['joined', 'cpu', 'tf'],
    ['per-variable', 'cpu', 'tf'],
    ['kernel', 'cpu', 'tf'],
    ['kernel', 'wasm', 'tf'],
    ['kernel', 'wasm', 'simd'],
  ] as const)("takes the same 50 steps as TF.js's Adam (%s, on %s, %s kernels)", async (form, backend, kernels) => {
    await useNodeBackend(backend);
    const sizes = [10, 24, 24, 5];
    const initial = initialWeights(sizes, createRng(21));
    const { x, y } = randomBatch(32, 10, 5, 22);
    const flat = new Mlp('flat', sizes, initial);
    const reference = new Mlp('reference', sizes, initial);
    const flatAdam = new Adam(flat.variables, 0.01, form, kernels);
    const adam = tf.train.adam(0.01);
    for (let step = 0; step < 50; step++) {
      tf.tidy(() => flatAdam.applyGradients(flat.gradients(x, crossEntropyGradient(y))));
      adam.minimize(() => meanCrossEntropy(y, tapedLogits(reference, x)), false, reference.variables);
    }
    const [got, expected] = [await flat.readWeights(), await reference.readWeights()];
    got.forEach((w, i) => expect(relativeError(w, expected[i]!)).toBeLessThanOrEqual(1e-4));
    expect(relativeError(got[0]!, initial[0]!)).toBeGreaterThan(1e-2);
    [flat, reference, flatAdam, adam].forEach((d) => d.dispose());
    tf.dispose([x, y]);
    await useCpu();
  });
});
