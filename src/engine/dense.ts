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
 * Forms are chosen per backend from `npm run bench` measurements.
 */
import * as tf from '@tensorflow/tfjs';

export type TransposeForm = 'explicit' | 'fused';
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
}

/**
 * Measured with `npm run bench` (Node: wasm, cpu) and `npm run bench -- --browser` (headless Chromium: wasm,
 * webgl, webgpu); the README's speed table has the figures behind each choice.
 */
const MEASURED_FORMS: Record<string, EngineForms> = {
  wasm: { transposes: 'explicit', stack: 'split', adam: 'kernel', batches: 'upload' },
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
  return forms.transposes === 'explicit' ? tf.matMul(tf.transpose(a), b) : tf.matMul(a, b, true, false);
}

/**
 * At most this many rows, and a·bᵀ is taken with the flag even where transposes are 'explicit': transposing b
 * costs the same whatever the rows, the flagged product (slow per FLOP on wasm) a few rows' worth. A large
 * model's batch in pieces of 1–4 rows (batch-pieces.ts): two 4096-4096 students' piece of 2 rows took ~1 s
 * with the transpose and ~0.45 s with the flag (wasm, this machine); at 8 rows the transpose won again.
 */
export const FEW_ROWS = 4;

/** a·bᵀ for 2-D a [B, out], b [in, out] → [B, in] (the input gradient). */
export function timesTransposeB(a: tf.Tensor2D, b: tf.Tensor2D, forms: EngineForms): tf.Tensor2D {
  return forms.transposes === 'explicit' && a.shape[0] > FEW_ROWS ? tf.matMul(a, tf.transpose(b)) : tf.matMul(a, b, false, true);
}

/** Batched h[s]ᵀ·dz[s] for stacked models → [S, in, out]. */
export function stackedTransposeATimes(h: tf.Tensor3D, dz: tf.Tensor3D, forms: EngineForms): tf.Tensor3D {
  return forms.transposes === 'explicit' ? tf.matMul(tf.transpose(h, [0, 2, 1]), dz) : tf.matMul(h, dz, true, false);
}

/** Batched dz[s]·w[s]ᵀ for stacked models → [S, B, in]. */
export function stackedTimesTransposeB(dz: tf.Tensor3D, w: tf.Tensor3D, forms: EngineForms): tf.Tensor3D {
  return forms.transposes === 'explicit' && dz.shape[1] > FEW_ROWS ? tf.matMul(dz, tf.transpose(w, [0, 2, 1])) : tf.matMul(dz, w, false, true);
}
