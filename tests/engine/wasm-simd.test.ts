import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { MATMUL_KERNEL, columnSum, hasSimdKernels, joinColumns, splitColumns, denseProduct, transpose2d } from '../../src/engine/wasm-kernels';
import { adamKernelStep, adamKernelSteps } from '../../src/engine/adam-kernel';
import { wasmSimdModuleBytes } from '../../src/engine/wasm-simd';
import type { EngineForms } from '../../src/engine/dense';
import { useNodeBackend } from '../../src/engine/node-backend';
import { useCpu } from './setup';

const SIMD: EngineForms = { transposes: 'explicit', stack: 'split', adam: 'kernel', batches: 'upload', kernels: 'simd' };
const TF: EngineForms = { ...SIMD, kernels: 'tf' };
/** Shapes with and without whole 4 × 4 blocks, one row or column, and the digits models' own. */
const SHAPES = [[1, 1], [3, 2], [4, 4], [5, 7], [7, 5], [13, 4], [4, 13], [1, 9], [9, 1], [32, 256], [128, 448], [128, 10], [0, 5]] as const;

const random = (shape: readonly number[], seed: number) => {
  const rng = createRng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), [...shape]);
};

beforeAll(async () => {
  await useNodeBackend('wasm');
});
afterAll(useCpu);

describe('the SIMD kernels on wasm', () => {
  it('are available on the wasm backend in Node (the module validates and binds to its memory)', () => {
    expect(WebAssembly.validate(wasmSimdModuleBytes())).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    expect(hasSimdKernels()).toBe(true);
  });

  it('transpose exactly as tf.transpose', async () => {
    for (const [i, shape] of SHAPES.entries()) {
      const x = random(shape, i) as tf.Tensor2D;
      const [got, expected] = tf.tidy(() => [transpose2d(x, SIMD), transpose2d(x, TF)]);
      expect(got!.shape).toEqual(expected!.shape);
      expect(Array.from(await got!.data())).toEqual(Array.from(await expected!.data()));
      tf.dispose([x, got!, expected!]);
    }
  });

  it('multiply exactly as TF.js\'s wasm product, with a bias and ReLU as tf.fused.matMul, on whole tiles and every kind of edge', async () => {
    // [m, k, n]: 4 × 8 tiles only; a 4-wide column tile; single columns; rows below the last band of four; k = 1;
    // one element; and the students' and teachers' own products.
    const products = [[4, 3, 8], [8, 5, 12], [4, 2, 10], [5, 3, 8], [7, 9, 13], [1, 1, 1], [3, 1, 2], [33, 17, 11], [32, 196, 384], [128, 32, 10]] as const;
    for (const [i, [m, k, n]] of products.entries()) {
      const [a, b, bias] = [random([m, k], 200 + i) as tf.Tensor2D, random([k, n], 300 + i) as tf.Tensor2D, random([n], 400 + i) as tf.Tensor1D];
      for (const activation of ['linear', 'relu'] as const) {
        for (const withBias of [false, true]) {
          const [got, expected] = tf.tidy(() => [
            tf.engine().runKernel(MATMUL_KERNEL, withBias ? { a, b, bias } : { a, b }, { relu: activation === 'relu' }) as tf.Tensor2D,
            tf.fused.matMul({ a, b, bias: withBias ? bias : undefined, activation }),
          ]);
          expect(got!.shape).toEqual([m, n]);
          // Bit for bit: both sum over k in order, a multiply then an add (WebAssembly SIMD has no fused multiply-add),
          // so training through either gives the same models.
          const [x, y] = [await got!.data(), await expected!.data()];
          expect(Array.from(x), `${m}×${k}×${n} ${activation}${withBias ? ' + bias' : ''}`).toEqual(Array.from(y));
          if (activation === 'relu') expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
          tf.dispose([got!, expected!]);
        }
      }
      tf.dispose([a, b, bias]);
    }
    // k = 0: the bias alone (TF.js 4.22's own wasm product returns garbage there: XNNPACK refuses the shape).
    const empty = tf.tidy(() => tf.engine().runKernel(MATMUL_KERNEL, { a: tf.zeros([2, 0]), b: tf.zeros([0, 3]), bias: tf.tensor1d([1, -2, 3]) }, { relu: true }) as tf.Tensor);
    expect(Array.from(await empty.data())).toEqual([1, 0, 3, 1, 0, 3]);
    empty.dispose();
  });

  it('run a training step\'s product through the SIMD product where it wins, and TF.js\'s where it does not', async () => {
    const kernelsOf = async (m: number, k: number, n: number) => {
      const [a, b] = [random([m, k], m), random([k, n], n)] as tf.Tensor2D[];
      const { kernels } = await tf.profile(() => denseProduct(a!, b!, SIMD));
      tf.dispose([a!, b!]);
      return kernels.map((kernel) => kernel.name);
    };
    expect(await kernelsOf(32, 196, 384)).toContain(MATMUL_KERNEL);
    expect(await kernelsOf(128, 800, 800)).not.toContain(MATMUL_KERNEL);
    const viaTf = await tf.profile(() => denseProduct(random([32, 196], 1) as tf.Tensor2D, random([196, 384], 2) as tf.Tensor2D, TF));
    expect(viaTf.kernels.map((kernel) => kernel.name)).not.toContain(MATMUL_KERNEL);
  });

  it('sum columns as tf.sum over axis 0 (to float32 rounding)', async () => {
    for (const [i, shape] of SHAPES.entries()) {
      const x = random(shape, 100 + i) as tf.Tensor2D;
      const [got, expected] = tf.tidy(() => [columnSum(x, SIMD), columnSum(x, TF)]);
      expect(got!.shape).toEqual(expected!.shape);
      const [a, b] = [await got!.data(), await expected!.data()];
      a.forEach((value, k) => expect(value).toBeCloseTo(b[k]!, 4));
      tf.dispose([x, got!, expected!]);
    }
  });

  it('split [B, S·h] into S × [B, h] and join them back exactly as tf.split and tf.concat', async () => {
    for (const [rows, parts, width] of [[5, 3, 4], [128, 7, 64], [1, 2, 1], [32, 2, 256]] as const) {
      const x = random([rows, parts * width], rows + parts) as tf.Tensor2D;
      const [got, expected] = tf.tidy(() => [splitColumns(x, parts, SIMD), splitColumns(x, parts, TF)]);
      for (let s = 0; s < parts; s++) expect(Array.from(await got![s]!.data())).toEqual(Array.from(await expected![s]!.data()));
      const joined = tf.tidy(() => joinColumns(got!, SIMD));
      expect(joined.shape).toEqual(x.shape);
      expect(Array.from(await joined.data())).toEqual(Array.from(await x.data()));
      tf.dispose([x, joined, ...got!, ...expected!]);
    }
  });

  it('update every variable at once as the per-variable kernel does, the moments in place', async () => {
    const shapes = [[7, 5], [13], [4, 4], [1], [128, 10]];
    const attrs = { stepSize: 0.003, epsilon: 1e-7, beta1: 0.9, beta2: 0.999 };
    const xs = shapes.map((s, i) => random(s, 200 + i));
    const gs = shapes.map((s, i) => random(s, 300 + i));
    const ms = shapes.map((s, i) => tf.variable(tf.mul(random(s, 400 + i), 0.1), false));
    const vs = shapes.map((s, i) => tf.variable(tf.abs(tf.mul(random(s, 500 + i), 0.01)), false));
    const expected = xs.map((x, i) => adamKernelStep(x, gs[i]!, ms[i]!, vs[i]!, attrs));
    const got = adamKernelSteps(xs, gs, ms, vs, attrs);
    for (let i = 0; i < shapes.length; i++) {
      const [value, m, v] = expected[i]!.map((t) => t.dataSync());
      const close = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).forEach((n, k) => expect(Math.abs(n - b[k]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b[k]!))));
      close(got[i]!.dataSync(), value!);
      close(ms[i]!.dataSync(), m!);
      close(vs[i]!.dataSync(), v!);
    }
    tf.dispose([...xs, ...gs, ...ms, ...vs, ...expected.flat(), ...got]);
  });

  it('store moments below 2⁻¹¹⁰ as 0 (no subnormal floats) and still move every weight as the unflushed update does', async () => {
    // 37 elements: nine SIMD groups of four and a scalar tail; moments and gradients from normal down to subnormal.
    const n = 37;
    const pick = <T>(values: readonly T[], i: number) => values[i % values.length]!;
    const x = Float32Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1) * (0.003 + 0.01 * i));
    const g = Float32Array.from({ length: n }, (_, i) => pick([0, 1e-20, -3e-18, 2e-3, -1e-30, 0, 5e-40], i));
    const m = Float32Array.from({ length: n }, (_, i) => pick([0, 1e-40, -1e-36, 2e-34, 1e-4, -3e-33, 1e-30, 7e-38], i + 1));
    const v = Float32Array.from({ length: n }, (_, i) => pick([0, 1e-40, 1e-36, 2e-34, 1e-8, 3e-33, 1e-30], i + 2));
    const attrs = { stepSize: 0.003, epsilon: 1e-7 * Math.sqrt(1 - 0.999 ** 20), beta1: 0.9, beta2: 0.999 };
    const [xt, gt] = [tf.tensor1d(x), tf.tensor1d(g)];
    const [mt, vt] = [tf.variable(tf.tensor1d(m), false), tf.variable(tf.tensor1d(v), false)];
    const [value] = adamKernelSteps([xt], [gt], [mt], [vt], attrs);
    const [gotX, gotM, gotV] = [await value!.data(), await mt.data(), await vt.data()];
    // The unflushed update, every operation rounded to float32 as the kernel's are.
    const f = Math.fround;
    const [a1, a2] = [f(1 - attrs.beta1), f(1 - attrs.beta2)];
    const [step, eps] = [f(attrs.stepSize), f(attrs.epsilon)];
    const TINY = 2 ** -110;
    for (let i = 0; i < n; i++) {
      const m1 = f(m[i]! + f(f(g[i]! - m[i]!) * a1));
      const v1 = f(v[i]! + f(f(f(g[i]! * g[i]!) - v[i]!) * a2));
      expect(gotX[i], `weight ${i}`).toBe(f(x[i]! - f(f(m1 * step) / f(f(Math.sqrt(v1)) + eps))));
      expect(gotM[i], `first moment ${i}`).toBe(Math.abs(m1) < TINY ? 0 : m1);
      if (Math.abs(g[i]!) >= 2 ** -55) expect(gotV[i], `second moment ${i}`).toBe(v1 < TINY ? 0 : v1);
      else expect(Math.abs(gotV[i]! - v1), `second moment ${i}`).toBeLessThan(TINY);
      for (const moment of [gotM[i]!, gotV[i]!]) expect(moment === 0 || Math.abs(moment) >= TINY).toBe(true);
    }
    tf.dispose([xt, gt, mt, vt, value!]);
  });
});
