/**
 * One Adam step of one variable as a single TF.js kernel, for the backends
 * whose tensors live in CPU memory (wasm's heap, the cpu backend's arrays).
 * Written as tensor operations, Adam costs twelve kernels per variable and each
 * costs more to dispatch than its arithmetic on these models; this loop does
 * the same elementwise update in one pass (the formula is the one in adam.ts).
 * GPU backends use the joined tensor-operation form instead. On wasm with `kernels: 'simd'`, one kernel
 * (`ADAM_STEPS_KERNEL`) updates every variable of a model in one call with the SIMD loop of wasm-simd.ts and
 * moves the moments in place (see `adamKernelSteps`).
 */
import * as tf from '@tensorflow/tfjs';
import { simdOf, type WasmBackendLike } from './wasm-kernels';

export const ADAM_KERNEL = 'DarkKnowledgeAdamStep';
export const ADAM_STEPS_KERNEL = 'DarkKnowledgeAdamSteps';

export interface AdamKernelAttrs {
  /** lr·√(1−β2ᵗ)/(1−β1ᵗ) */
  stepSize: number;
  /** ε·√(1−β2ᵗ) */
  epsilon: number;
  beta1: number;
  beta2: number;
}

type Info = tf.TensorInfo;

/** The update itself: new value, first and second moments written into the three outputs. */
function update(x: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, xOut: Float32Array, mOut: Float32Array, vOut: Float32Array, attrs: AdamKernelAttrs): void {
  const { stepSize, epsilon, beta1, beta2 } = attrs;
  const [a1, a2] = [1 - beta1, 1 - beta2];
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    const mi = m[i]! + (gi - m[i]!) * a1;
    const vi = v[i]! + (gi * gi - v[i]!) * a2;
    mOut[i] = mi;
    vOut[i] = vi;
    xOut[i] = x[i]! - (mi * stepSize) / (Math.sqrt(vi) + epsilon);
  }
}

interface CpuLike {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): Info;
}

function wasmKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: unknown }): Info[] {
  const wasm = backend as WasmBackendLike;
  const { x, g, m, v } = inputs as Record<'x' | 'g' | 'm' | 'v', Info>;
  // Make every output before taking views: an allocation may grow (and move) the heap.
  const outs = [x, m, v].map((t) => wasm.makeOutput([...t.shape], 'float32'));
  const [xs, gs, ms, vs, xo, mo, vo] = [x, g, m, v, ...outs].map((t) => wasm.typedArrayFromHeap(t));
  const a = attrs as unknown as AdamKernelAttrs;
  const simd = simdOf(wasm);
  if (simd) simd.adam(xs!.byteOffset, gs!.byteOffset, ms!.byteOffset, vs!.byteOffset, xo!.byteOffset, mo!.byteOffset, vo!.byteOffset, xs!.length, a.stepSize, a.epsilon, 1 - a.beta1, 1 - a.beta2);
  else update(xs!, gs!, ms!, vs!, xo!, mo!, vo!, a);
  return outs;
}

function cpuKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: unknown }): Info[] {
  const cpu = backend as CpuLike;
  const { x, g, m, v } = inputs as Record<'x' | 'g' | 'm' | 'v', Info>;
  const [xs, gs, ms, vs] = [x, g, m, v].map((t) => cpu.data.get(t.dataId).values);
  const [xo, mo, vo] = [xs, ms, vs].map((a) => new Float32Array(a!.length));
  update(xs!, gs!, ms!, vs!, xo!, mo!, vo!, attrs as unknown as AdamKernelAttrs);
  return [xo!, mo!, vo!].map((values) => cpu.makeTensorInfo([...x.shape], 'float32', values));
}

/**
 * Every variable of a model in one call (inputs x0, g0, m0, v0, x1, …): new values out, the moments m and v
 * moved in place. In place is safe for the moments only: they are the optimizer's own variables, read by
 * nothing else, while a weight may not change under its id (TF.js's wasm products cache packed weights by tensor).
 */
/** The input names of the all-variables kernel, x0 … g0 … m0 … v0 …, made once per count. */
const namesByCount = new Map<number, Record<'x' | 'g' | 'm' | 'v', string[]>>();
function inputNames(count: number): Record<'x' | 'g' | 'm' | 'v', string[]> {
  let names = namesByCount.get(count);
  if (!names) {
    const list = (prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
    names = { x: list('x'), g: list('g'), m: list('m'), v: list('v') };
    namesByCount.set(count, names);
  }
  return names;
}

function wasmStepsKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: unknown }): Info[] {
  const wasm = backend as WasmBackendLike;
  const simd = simdOf(wasm)!;
  const { stepSize, epsilon, beta1, beta2, count } = attrs as unknown as AdamKernelAttrs & { count: number };
  const names = inputNames(count);
  const outs: Info[] = [];
  for (let i = 0; i < count; i++) outs.push(wasm.makeOutput([...(inputs[names.x[i]!] as Info).shape], 'float32'));
  // Views only after every allocation: an allocation may grow (and move) the heap.
  const at = (info: Info) => wasm.typedArrayFromHeap(info);
  for (let i = 0; i < count; i++) {
    const x = at(inputs[names.x[i]!] as Info);
    const m = at(inputs[names.m[i]!] as Info).byteOffset;
    const v = at(inputs[names.v[i]!] as Info).byteOffset;
    simd.adam(x.byteOffset, at(inputs[names.g[i]!] as Info).byteOffset, m, v, at(outs[i]!).byteOffset, m, v, x.length, stepSize, epsilon, 1 - beta1, 1 - beta2);
  }
  return outs;
}

for (const [backendName, kernelFunc] of [['wasm', wasmKernel], ['cpu', cpuKernel]] as const) {
  if (!tf.getKernel(ADAM_KERNEL, backendName)) tf.registerKernel({ kernelName: ADAM_KERNEL, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
}
if (!tf.getKernel(ADAM_STEPS_KERNEL, 'wasm')) tf.registerKernel({ kernelName: ADAM_STEPS_KERNEL, backendName: 'wasm', kernelFunc: wasmStepsKernel as unknown as tf.KernelFunc });

/** Whether the active backend has the kernel. */
export function hasAdamKernel(): boolean {
  return tf.getKernel(ADAM_KERNEL, tf.getBackend()) !== undefined;
}

/** Whether the active backend can update all variables in one call (`adamKernelSteps`). */
export function hasAdamStepsKernel(): boolean {
  return tf.getBackend() === 'wasm' && simdOf(tf.backend()) !== null;
}

/** New values of every variable, the moments m[i] and v[i] moved in place (wasm with SIMD only: `hasAdamStepsKernel`). */
export function adamKernelSteps(x: readonly tf.Tensor[], g: readonly tf.Tensor[], m: readonly tf.Tensor[], v: readonly tf.Tensor[], attrs: AdamKernelAttrs): tf.Tensor[] {
  const names = inputNames(x.length);
  const inputs: tf.NamedTensorMap = {};
  for (let i = 0; i < x.length; i++) {
    inputs[names.x[i]!] = x[i]!;
    inputs[names.g[i]!] = g[i]!;
    inputs[names.m[i]!] = m[i]!;
    inputs[names.v[i]!] = v[i]!;
  }
  return tf.engine().runKernel(ADAM_STEPS_KERNEL, inputs, { ...attrs, count: x.length } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
}

/** New [value, first moment, second moment] of one variable. */
export function adamKernelStep(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamKernelAttrs): tf.Tensor[] {
  return tf.engine().runKernel(ADAM_KERNEL, { x, g, m, v }, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
}
