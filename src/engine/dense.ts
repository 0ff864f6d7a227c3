/**
 * Matrix products of dense layers, in the form that is fastest on the active
 * backend. TF.js's default gradient of `matMul` uses the transposed products
 * (`transposeA` / `transposeB`); on wasm those run at a tenth of the speed of
 * the plain product (measured: 2–4 against 40 GFLOP/s, see the README's speed
 * table), so there the gradient transposes explicitly and multiplies plainly.
 * Students that share an architecture are one stacked model: their layers are
 * either one batched product ('batched') or per-student plain products of
 * slices of the stacked tensors ('split'), whichever the backend runs faster.
 * Forms are chosen per backend from `npm run bench` measurements.
 */
import * as tf from '@tensorflow/tfjs';

/** tf.customGrad's callback type (its declared parameter type is a union that typed parameters do not satisfy). */
type GradientFunction = Parameters<typeof tf.customGrad>[0];

export type TransposeForm = 'explicit' | 'fused';
export type StackForm = 'split' | 'batched';

export interface DenseForms {
  /** 'explicit': gradients as transpose + plain product; 'fused': TF.js's default gradient (transposed products). */
  transposes: TransposeForm;
  /** How the layers of stacked students are multiplied. */
  stack: StackForm;
}

/**
 * Measured with `npm run bench` (Node: wasm, cpu) and `npm run bench -- --browser` (headless Chromium: wasm,
 * webgl, webgpu); the README's speed table has the figures behind each choice.
 */
const MEASURED_FORMS: Record<string, DenseForms> = {
  wasm: { transposes: 'explicit', stack: 'split' },
  cpu: { transposes: 'explicit', stack: 'split' },
  webgl: { transposes: 'fused', stack: 'batched' },
  webgpu: { transposes: 'fused', stack: 'batched' },
};
const FALLBACK_FORMS: DenseForms = { transposes: 'fused', stack: 'batched' };

let override: Partial<DenseForms> | null = null;

/** The forms used on the active backend (or forced by `setDenseFormsOverride`, for benches and tests). */
export function denseForms(backend: string = tf.getBackend()): DenseForms {
  return { ...(MEASURED_FORMS[backend] ?? FALLBACK_FORMS), ...override };
}

/** Force forms (benchmarks and gradient tests); null restores the measured choice. */
export function setDenseFormsOverride(forms: Partial<DenseForms> | null): void {
  override = forms;
}

/** a · b with explicit-transpose gradients for both inputs. */
const explicitMatMul = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [savedA, savedB] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(savedB)), tf.matMul(tf.transpose(savedA), dy as tf.Tensor2D)];
    },
  };
}) as GradientFunction) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** a · b, gradient by the backend's measured form. */
export function matMul2d(a: tf.Tensor2D, b: tf.Tensor2D, forms = denseForms()): tf.Tensor2D {
  return forms.transposes === 'explicit' ? explicitMatMul(a, b) : tf.matMul(a, b);
}

/**
 * x · w where x is data (no gradient wanted): with explicit transposes only
 * the weight gradient is computed, saving a product the size of the forward one.
 */
export function inputMatMul(x: tf.Tensor2D, w: tf.Tensor2D, forms = denseForms()): tf.Tensor2D {
  if (forms.transposes !== 'explicit') return tf.matMul(x, w);
  const product = tf.customGrad(((weights: tf.Tensor) => ({
    value: tf.matMul(x, weights as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor) => [tf.matMul(tf.transpose(x), dy as tf.Tensor2D)],
  })) as GradientFunction) as unknown as (weights: tf.Tensor2D) => tf.Tensor2D;
  return product(w);
}

/** For each stacked model s: h[s] · w[s]; h is [S, B, in], w is [S, in, out]. */
export function stackedMatMul(h: tf.Tensor3D, w: tf.Tensor3D, forms = denseForms()): tf.Tensor3D {
  if (forms.stack === 'batched') {
    if (forms.transposes === 'fused') return tf.matMul(h, w);
    return explicitBatchedMatMul(h, w);
  }
  const hs = tf.unstack(h) as tf.Tensor2D[];
  const ws = tf.unstack(w) as tf.Tensor2D[];
  return tf.stack(hs.map((hi, s) => matMul2d(hi, ws[s]!, forms))) as tf.Tensor3D;
}

const explicitBatchedMatMul = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [savedA, savedB] = saved as [tf.Tensor3D, tf.Tensor3D];
      return [tf.matMul(dy as tf.Tensor3D, tf.transpose(savedB, [0, 2, 1])), tf.matMul(tf.transpose(savedA, [0, 2, 1]), dy as tf.Tensor3D)];
    },
  };
}) as GradientFunction) as unknown as (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;
