/**
 * TF.js kernels on the wasm backend from the SIMD functions of wasm-simd.ts: a column sum (bias gradients)
 * and a 2-D transpose (the explicit transposes of dense.ts); and two row-by-row copies for the stacked
 * students' side-by-side first layer, [B, S·h] ↔ S × [B, h] (TF.js's wasm `split` copies the whole input
 * once per part, S² copies in all, and its `concat` reads every part back through JavaScript: measured
 * 0.3–0.8 ms a step for 7 students of 64). `columnSum`, `transpose2d`, `splitColumns` and `joinColumns`
 * use them where the forms ask for them (`EngineForms.kernels`, 'simd' on wasm) and the backend's memory
 * is reachable, and TF.js's operations otherwise (so every other backend is untouched).
 */
import * as tf from '@tensorflow/tfjs';
import { wasmSimdOn, type WasmSimd } from './wasm-simd';
import type { EngineForms } from './dense';

export const COLUMN_SUM_KERNEL = 'DarkKnowledgeColumnSum';
export const TRANSPOSE_KERNEL = 'DarkKnowledgeTranspose2D';
export const SPLIT_COLUMNS_KERNEL = 'DarkKnowledgeSplitColumns';
export const JOIN_COLUMNS_KERNEL = 'DarkKnowledgeJoinColumns';
export const MATMUL_KERNEL = 'DarkKnowledgeMatMul';

type Info = tf.TensorInfo;

/** What these kernels use of TF.js's wasm backend (4.22). */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): Info;
  typedArrayFromHeap(info: Info): Float32Array;
  /** The Emscripten module; `asm.memory` is the backend's WebAssembly memory. */
  wasm?: { asm?: { memory?: unknown } };
}

/** The SIMD functions on this wasm backend's memory, or null. */
export function simdOf(backend: unknown): WasmSimd | null {
  const memory = (backend as WasmBackendLike | null)?.wasm?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? wasmSimdOn(memory) : null;
}

/** Whether the active backend can run the SIMD kernels. */
export function hasSimdKernels(): boolean {
  return tf.getBackend() === 'wasm' && simdOf(tf.backend()) !== null;
}

const offset = (backend: WasmBackendLike, info: Info) => backend.typedArrayFromHeap(info).byteOffset;

function matrixKernel(outShape: (rows: number, cols: number) => number[], run: (simd: WasmSimd, src: number, out: number, rows: number, cols: number) => void): tf.KernelFunc {
  return (({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }) => {
    const wasm = backend as WasmBackendLike;
    const x = inputs.x as Info;
    const [rows, cols] = x.shape as [number, number];
    const out = wasm.makeOutput(outShape(rows, cols), 'float32');
    run(simdOf(wasm)!, offset(wasm, x), offset(wasm, out), rows, cols);
    return out;
  }) as unknown as tf.KernelFunc;
}

for (const [kernelName, kernelFunc] of [
  [COLUMN_SUM_KERNEL, matrixKernel((_, cols) => [cols], (simd, src, out, rows, cols) => simd.columnSum(src, out, rows, cols))],
  [TRANSPOSE_KERNEL, matrixKernel((rows, cols) => [cols, rows], (simd, src, out, rows, cols) => simd.transpose(src, out, rows, cols))],
] as const) {
  if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

/** x [B, S·h] → S parts [B, h], row by row (typed-array copies on the wasm heap). */
function splitColumnsKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: unknown }): Info[] {
  const wasm = backend as WasmBackendLike;
  const x = inputs.x as Info;
  const parts = (attrs as { parts: number }).parts;
  const [rows, cols] = x.shape as [number, number];
  const width = cols / parts;
  const outs = Array.from({ length: parts }, () => wasm.makeOutput([rows, width], 'float32'));
  const src = wasm.typedArrayFromHeap(x);
  outs.forEach((out, s) => {
    const dst = wasm.typedArrayFromHeap(out);
    for (let r = 0; r < rows; r++) dst.set(src.subarray(r * cols + s * width, r * cols + (s + 1) * width), r * width);
  });
  return outs;
}

/** S parts [B, h] (inputs x0, x1, …) → [B, S·h], row by row. */
function joinColumnsKernel({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }): Info {
  const wasm = backend as WasmBackendLike;
  const parts = Object.keys(inputs).length;
  const first = inputs.x0 as Info;
  const [rows, width] = first.shape as [number, number];
  const cols = parts * width;
  const out = wasm.makeOutput([rows, cols], 'float32');
  const dst = wasm.typedArrayFromHeap(out);
  for (let s = 0; s < parts; s++) {
    const src = wasm.typedArrayFromHeap(inputs[`x${s}`] as Info);
    for (let r = 0; r < rows; r++) dst.set(src.subarray(r * width, (r + 1) * width), r * cols + s * width);
  }
  return out;
}

/** a [m, k] · b [k, n] (+ bias [n], then ReLU with attrs.relu), by the SIMD product of wasm-matmul.ts. */
function matmulKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: unknown }): Info {
  const wasm = backend as WasmBackendLike;
  const [a, b, bias] = [inputs.a as Info, inputs.b as Info, inputs.bias as Info | undefined];
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1]!;
  const out = wasm.makeOutput([m, n], 'float32');
  simdOf(wasm)!.matmul(offset(wasm, a), offset(wasm, b), offset(wasm, out), bias ? offset(wasm, bias) : 0, m, k, n, (attrs as { relu: boolean }).relu ? 1 : 0);
  return out;
}

for (const [kernelName, kernelFunc] of [
  [SPLIT_COLUMNS_KERNEL, splitColumnsKernel],
  [JOIN_COLUMNS_KERNEL, joinColumnsKernel],
  [MATMUL_KERNEL, matmulKernel],
] as const) {
  if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
}

const useSimd = (forms: EngineForms) => forms.kernels === 'simd' && hasSimdKernels();

/**
 * Whether a dense layer's product a [m, k] · b [k, n] runs faster by the SIMD product than by TF.js's (which
 * packs b anew for every new tensor). Measured 2026-11-28 against TF.js 4.22's wasm product on a fresh b, one
 * thread, the two interleaved, medians of 7 (`src/cli` probe; the README has the table): 1.5–2.8× at batch 32 on
 * every layer of the digits models, 800 × 800 included; 1.1–1.5× on the products of batch 128 whose right-hand
 * matrix has at most 2¹⁸ elements (it is re-read from the cache for every four rows of the output); slower at
 * batch 128 on 800 × 800 and wider (15 against 17–19 GFLOP/s, separate runs) and for 10-wide outputs of 128 rows
 * or more (0.7–0.98×: two of their ten columns are single dot products), where TF.js's is kept. An evaluation's
 * chunks of 4,096 rows, where TF.js packs b once for every chunk: 1.15–1.32× on the digits models' layers that
 * pass this rule, 1.02–1.20× on the toy models' (against TF.js's product on the same b, same probe).
 */
export function simdProductWins(m: number, k: number, n: number): boolean {
  return m <= 64 || (n >= 16 && k * n <= 1 << 18);
}

/**
 * a [m, k] · b [k, n] (+ bias [n], then ReLU), a dense layer's product in training and in evaluation: the SIMD
 * product where the forms ask for it (`kernels` and `products`) and it wins (`simdProductWins`), TF.js's fused
 * product otherwise. The two give the same bits.
 */
export function denseProduct(a: tf.Tensor2D, b: tf.Tensor2D, forms: EngineForms, bias?: tf.Tensor1D, activation: 'relu' | 'linear' = 'linear'): tf.Tensor2D {
  const [m, k] = a.shape;
  if (useSimd(forms) && forms.products !== 'tf' && simdProductWins(m, k, b.shape[1])) {
    return tf.engine().runKernel(MATMUL_KERNEL, bias ? { a, b, bias } : { a, b }, { relu: activation === 'relu' }) as tf.Tensor2D;
  }
  return bias || activation !== 'linear' ? (tf.fused.matMul({ a, b, bias, activation }) as tf.Tensor2D) : tf.matMul(a, b);
}

/** Σ over the rows of a [B, n] float32 matrix → [n] (a bias gradient). */
export function columnSum(x: tf.Tensor2D, forms: EngineForms): tf.Tensor1D {
  return useSimd(forms) ? (tf.engine().runKernel(COLUMN_SUM_KERNEL, { x }) as tf.Tensor1D) : tf.sum(x, 0);
}

/** The transpose of a [rows, cols] float32 matrix. */
export function transpose2d(x: tf.Tensor2D, forms: EngineForms): tf.Tensor2D {
  return useSimd(forms) ? (tf.engine().runKernel(TRANSPOSE_KERNEL, { x }) as tf.Tensor2D) : tf.transpose(x);
}

/** x [B, S·h] → S parts [B, h] (as tf.split(x, S, 1)). */
export function splitColumns(x: tf.Tensor2D, parts: number, forms: EngineForms): tf.Tensor2D[] {
  if (parts === 1) return [x];
  return useSimd(forms) ? (tf.engine().runKernel(SPLIT_COLUMNS_KERNEL, { x }, { parts }) as unknown as tf.Tensor2D[]) : (tf.split(x, parts, 1) as tf.Tensor2D[]);
}

/** S parts [B, h] → [B, S·h] (as tf.concat(parts, 1)). */
export function joinColumns(parts: readonly tf.Tensor2D[], forms: EngineForms): tf.Tensor2D {
  if (parts.length === 1) return parts[0]!;
  if (!useSimd(forms)) return tf.concat(parts as tf.Tensor2D[], 1);
  const inputs: tf.NamedTensorMap = {};
  parts.forEach((part, s) => (inputs[`x${s}`] = part));
  return tf.engine().runKernel(JOIN_COLUMNS_KERNEL, inputs) as tf.Tensor2D;
}
