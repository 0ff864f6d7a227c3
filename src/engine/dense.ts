/**
 * The matrix products of dense layers, forward and backward, in the form that
 * is fastest on the active backend. The engine writes its backward pass out
 * (see backprop.ts) instead of recording a gradient tape, so each product below
 * is one of the three a dense layer needs: x·W (forward), xᵀ·dz (the weight
 * gradient) and dz·Wᵀ (the input gradient).
 * - transposes: TF.js's transposed products (`transposeA`/`transposeB`) run at
 *   a tenth of the plain product's speed on wasm (2–4 against 40 GFLOP/s,
 *   measured); 'explicit' transposes first and multiplies plainly, 'fused'
 *   passes the flags (one operation fewer, better where the flags are free).
 * - stack: students of one architecture train together; 'batched' stacks a
 *   layer's S weights and multiplies all S at once (one batched product),
 *   'split' multiplies model by model (wasm's batched product is its slow
 *   generic loop, and its unstack copies).
 * - input gradient (under 'explicit'): TF.js's wasm product packs its right-hand
 *   matrix afresh for every new tensor (XNNPACK weight packing), so dz·transpose(W)
 *   moves W twice; (W·dzᵀ)ᵀ moves dz and the result instead. 'by-shape' picks per
 *   layer (`productFirst`): measured 1.9× a step on 2 students 196-256-256-10 at
 *   batch 32, 1.14× at 196-128-128-10 batch 32, 1.07× on the 784-1200-1200-10
 *   teacher; where it would move more (7 students of 64 at batch 128: 0.92×,
 *   2 students of 128 at batch 128: 0.82×) the rule keeps transpose(W).
 * - kernels: 'simd' runs the 2-D transposes, bias sums, the students' first-layer
 *   split and join, and Adam through hand-written WebAssembly SIMD kernels on wasm
 *   (wasm-kernels.ts, wasm-simd.ts): 1.19–1.24× a step on 7 students 196-64-64-10
 *   and 196-30-30-10, 1.23× on the 196-256-256-10 teacher, ≥ 1× on the toy models.
 * - products (under 'simd' kernels): a dense layer's products x·W (+ bias, ReLU), in training and evaluation, xᵀ·dz and the input
 *   gradient's through the SIMD product of wasm-matmul.ts, which reads the new weights where they lie instead
 *   of packing them (`denseProduct`, wasm-kernels.ts, where `simdProductWins`), bit for bit TF.js's result:
 *   1.55× a step on 3 students 196-128-128-10 and 1.72× on 7 of 196-64-64-10 at batch 32, 1.39× on the
 *   196-256-256-10 teacher, 1.07× on 2 students 784-800-800-10 at batch 128 (`npm run bench`'s product table).
 * Forms are chosen per backend from `npm run bench` measurements (and the step
 * A/B measurements quoted above: CPU time per step, variants interleaved in one
 * process, medians of 5, on this 2-core machine under load).
 */
import * as tf from '@tensorflow/tfjs';
import { denseProduct, transpose2d } from './wasm-kernels';

export type TransposeForm = 'explicit' | 'fused';
/**
 * How 'explicit' forms the input gradient dz·Wᵀ (dz [B, out], W [in, out]): 'weights' transposes W and
 * multiplies plainly; 'product' multiplies W·dzᵀ (transposing dz) and transposes the [in, B] result back;
 * 'by-shape' takes the one that moves fewer elements (see `productFirst`).
 */
export type InputGradientForm = 'weights' | 'product' | 'by-shape';
export type StackForm = 'split' | 'batched';

/** How Adam updates a model: all variables as one joined vector, or variable by variable. */
export type AdamForm = 'joined' | 'per-variable' | 'kernel';

/** Where a batch's rows come from: a gather on the device, or host arrays cut and uploaded once per epoch. */
export type BatchForm = 'gather' | 'upload';

export interface EngineForms {
  transposes: TransposeForm;
  stack: StackForm;
  /**
   * 'joined' runs one set of operations for all variables, but must cut the update back into them; on wasm
   * every cut (a slice) reads back the whole vector, which costs more than the operations it saves. 'kernel'
   * is one hand-written kernel per variable (adam-kernel.ts), for the backends whose memory is the CPU's.
   */
  adam: AdamForm;
  /** See `EpochOrder` in device-batches.ts. */
  batches: BatchForm;
  /** Under 'explicit' transposes; 'by-shape' when absent. */
  inputGradient?: InputGradientForm;
  /**
   * 'simd': 2-D transposes, bias gradients (and, with `adam: 'kernel'`, Adam) through the SIMD kernels of
   * wasm-kernels.ts, where the wasm backend's memory is reachable; 'tf' (or absent): TF.js's operations.
   */
  kernels?: KernelForm;
  /**
   * Under kernels 'simd': 'simd' (or absent) runs the dense layers' matrix products through the SIMD product of
   * wasm-matmul.ts where it wins (`simdProductWins`); 'tf' keeps TF.js's product for them.
   */
  products?: KernelForm;
}

export type KernelForm = 'tf' | 'simd';

/**
 * Measured with `npm run bench` (Node: wasm, cpu) and `npm run bench -- --browser` (headless Chromium: wasm,
 * webgl, webgpu); the README's speed table has the figures behind each choice.
 */
const MEASURED_FORMS: Record<string, EngineForms> = {
  wasm: { transposes: 'explicit', stack: 'split', adam: 'kernel', batches: 'upload', inputGradient: 'by-shape', kernels: 'simd' },
  cpu: { transposes: 'fused', stack: 'batched', adam: 'kernel', batches: 'upload' },
  webgl: { transposes: 'fused', stack: 'batched', adam: 'joined', batches: 'gather' },
  webgpu: { transposes: 'fused', stack: 'batched', adam: 'joined', batches: 'gather' },
};
const FALLBACK_FORMS: EngineForms = { transposes: 'fused', stack: 'batched', adam: 'joined', batches: 'gather' };

let override: Partial<EngineForms> | null = null;

/** The forms used on the active backend (or forced by `setEngineFormsOverride`, for benches and tests). */
export function engineForms(backend: string = tf.getBackend()): EngineForms {
  return { ...(MEASURED_FORMS[backend] ?? FALLBACK_FORMS), ...override };
}

/** Force forms (benchmarks and gradient tests); null restores the measured choice. */
export function setEngineFormsOverride(forms: Partial<EngineForms> | null): void {
  override = forms;
}

/** aᵀ·b for 2-D a [B, in], b [B, out] → [in, out] (the weight gradient). */
export function transposeATimes(a: tf.Tensor2D, b: tf.Tensor2D, forms: EngineForms): tf.Tensor2D {
  return forms.transposes === 'explicit' ? denseProduct(transpose2d(a, forms), b, forms) : tf.matMul(a, b, true, false);
}

/**
 * Whether dz·Wᵀ is cheaper as (W·dzᵀ)ᵀ. On wasm a plain product packs its right-hand matrix anew for each
 * new tensor (XNNPACK's weight packing, in·out elements), so dz·transpose(W) moves W twice (the transpose,
 * then the packing), 2·in·out elements, while (W·dzᵀ)ᵀ moves dz twice and the result once, B·(2·out + in):
 * far fewer for small batches and wide layers (B 32, 256 × 256: 25k against 131k).
 */
export function productFirst(batch: number, fanIn: number, fanOut: number, form: InputGradientForm = 'by-shape'): boolean {
  return form === 'product' || (form === 'by-shape' && batch * (2 * fanOut + fanIn) < 2 * fanIn * fanOut);
}

/** a·bᵀ for 2-D a [B, out], b [in, out] → [B, in] (the input gradient). */
export function timesTransposeB(a: tf.Tensor2D, b: tf.Tensor2D, forms: EngineForms): tf.Tensor2D {
  if (forms.transposes === 'fused') return tf.matMul(a, b, false, true);
  if (productFirst(a.shape[0], b.shape[0], b.shape[1], forms.inputGradient)) return transpose2d(denseProduct(b, transpose2d(a, forms), forms), forms);
  return denseProduct(a, transpose2d(b, forms), forms);
}

/** Batched h[s]ᵀ·dz[s] for stacked models → [S, in, out]. */
export function stackedTransposeATimes(h: tf.Tensor3D, dz: tf.Tensor3D, forms: EngineForms): tf.Tensor3D {
  return forms.transposes === 'explicit' ? tf.matMul(tf.transpose(h, [0, 2, 1]), dz) : tf.matMul(h, dz, true, false);
}

/** Batched dz[s]·w[s]ᵀ for stacked models → [S, B, in]. */
export function stackedTimesTransposeB(dz: tf.Tensor3D, w: tf.Tensor3D, forms: EngineForms): tf.Tensor3D {
  return forms.transposes === 'explicit' ? tf.matMul(dz, tf.transpose(w, [0, 2, 1])) : tf.matMul(dz, w, false, true);
}
