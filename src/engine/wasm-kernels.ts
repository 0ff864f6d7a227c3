/**
 * TF.js kernels on the wasm backend from the SIMD functions of wasm-simd.ts: a column sum (bias gradients)
 * and a 2-D transpose (the explicit transposes of dense.ts). `columnSum` and `transpose2d` use them where
 * the forms ask for them (`EngineForms.kernels`, 'simd' on wasm) and the backend's memory is reachable, and
 * TF.js's `sum` and `transpose` otherwise (so every other backend is untouched).
 */
import * as tf from '@tensorflow/tfjs';
import { wasmSimdOn, type WasmSimd } from './wasm-simd';
import type { EngineForms } from './dense';

export const COLUMN_SUM_KERNEL = 'DarkKnowledgeColumnSum';
export const TRANSPOSE_KERNEL = 'DarkKnowledgeTranspose2D';

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

const useSimd = (forms: EngineForms) => forms.kernels === 'simd' && hasSimdKernels();

/** Σ over the rows of a [B, n] float32 matrix → [n] (a bias gradient). */
export function columnSum(x: tf.Tensor2D, forms: EngineForms): tf.Tensor1D {
  return useSimd(forms) ? (tf.engine().runKernel(COLUMN_SUM_KERNEL, { x }) as tf.Tensor1D) : tf.sum(x, 0);
}

/** The transpose of a [rows, cols] float32 matrix. */
export function transpose2d(x: tf.Tensor2D, forms: EngineForms): tf.Tensor2D {
  return useSimd(forms) ? (tf.engine().runKernel(TRANSPOSE_KERNEL, { x }) as tf.Tensor2D) : tf.transpose(x);
}
