/**
 * Four loops of the training step as tiny WebAssembly functions with SIMD (four floats at a time), run on
 * the TF.js wasm backend's own memory so they read and write its tensors where they lie:
 * - `adam`: the Adam update of adam-kernel.ts. As a JavaScript loop it costs about 8 ns per weight (a square
 *   root and a division per element, in doubles), a fifth to a third of a digits-student step; here about 1 ns
 *   (with no subnormal moments: see `adamBody`).
 * - `columnSum`: Σ over the rows of [rows, cols] (a bias gradient). TF.js's wasm `sum` over axis 0 transposes
 *   first, about 5 ns per element on [128, 448] (measured 245–305 µs); this one reads the rows in order.
 * - `transpose`: [rows, cols] → [cols, rows] in 4 × 4 blocks (TF.js's wasm transpose is an element-by-element
 *   loop, 4 ns per element on [128, 196], far worse on power-of-two widths: 256 × 256 took 0.4–2.5 ms).
 * - `matmul`: a dense layer's product, assembled in wasm-matmul.ts.
 * The module (a few kilobytes, assembled at run time with wasm-assembler.ts; no build step) imports the backend's
 * `WebAssembly.Memory`; where that memory cannot be reached or WebAssembly SIMD is missing, `wasmSimd` gives null
 * and the engine keeps TF.js's operations and the JavaScript loop. Arithmetic is float32 throughout; the engine
 * tests compare each function with TF.js's operations.
 */

import {
  F32, I32, V128, at, f32Add, f32Div, f32Load, f32Mul, f32Sqrt, f32Store, f32Sub, f32Zero, f32x4Add, f32x4Div, f32x4Mul,
  f32x4Splat, f32x4Sqrt, f32x4Sub, funcBody, get, i32, i32Add, i32And, i32Mul, i32Shl, loop, name, section, select, set,
  shuffle, tee, uleb, v128Load, v128Store, vector, type Code,
} from './wasm-assembler';
import { matmulBody } from './wasm-matmul';

const [f32x4Abs, f32x4Ge, v128And] = [[0xfd, 0xe0, 0x01], [0xfd, 0x46], [0xfd, 0x4e]];
const [f32Abs, f32Ge] = [[0x8b], [0x60]];

export interface WasmSimd {
  /** Byte offsets x, g, m, v, xOut, mOut, vOut (mOut may be m, vOut v: each element is read before it is written); n elements; lr·√(1−β2ᵗ)/(1−β1ᵗ), ε·√(1−β2ᵗ), 1 − β1, 1 − β2. */
  adam(x: number, g: number, m: number, v: number, xOut: number, mOut: number, vOut: number, n: number, stepSize: number, epsilon: number, a1: number, a2: number): void;
  /** out[c] = Σ_r src[r, c] for src [rows, cols] (byte offsets). */
  columnSum(src: number, out: number, rows: number, cols: number): void;
  /** out [cols, rows] = srcᵀ for src [rows, cols] (byte offsets; out must not overlap src). */
  transpose(src: number, out: number, rows: number, cols: number): void;
  /** out [m, n] = a [m, k] · b [k, n] (+ bias [n] unless bias is 0; then ReLU if relu is 1); byte offsets (wasm-matmul.ts). */
  matmul(a: number, b: number, out: number, bias: number, m: number, k: number, n: number, relu: number): void;
}

/**
 * adam: params x g m v xo mo vo n (i32), step eps a1 a2 (f32); locals i, vecEnd, end (i32), g m v step eps a1 a2
 * (v128), g m v (f32), tiny gTiny (v128), tiny gTiny (f32).
 * Moments below 2⁻¹¹⁰ are stored as 0, and a gradient below 2⁻⁵⁵ counts as 0 in the second moment (its square
 * would be below 2⁻¹¹⁰): without it, the moments of weights whose inputs are rarely on (a digit's border pixels)
 * decay into subnormal floats, which x86 multiplies and adds through a slow microcode path — measured on the
 * omitted class's students, 7.5% of their moments subnormal from the second epoch and Adam 8× slower (98 → 790
 * ms an epoch, `src/cli` probe). The weights come out the same: an update of a weight whose moment is that small
 * is far below half its last bit (the engine's weights after whole runs are bit for bit those of the unflushed
 * update, README).
 */
function adamBody(): { locals: Code[]; code: Code } {
  const [X, G, M, V, XO, MO, VO, N, STEP, EPS, A1, A2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [I, VEC_END, END] = [12, 13, 14];
  const [GV, MV, VV, STEP4, EPS4, A14, A24] = [15, 16, 17, 18, 19, 20, 21];
  const [GS, MS, VS] = [22, 23, 24];
  const [TINY4, G_TINY4, TINY, G_TINY] = [25, 26, 27, 28];
  const pass = (simd: boolean): Code => {
    const [load, store, add, sub, mul, div, sqrt] = simd ? [v128Load, v128Store, f32x4Add, f32x4Sub, f32x4Mul, f32x4Div, f32x4Sqrt] : [f32Load, f32Store, f32Add, f32Sub, f32Mul, f32Div, f32Sqrt];
    const [g, m, v, step, eps, a1, a2] = simd ? [GV, MV, VV, STEP4, EPS4, A14, A24] : [GS, MS, VS, STEP, EPS, A1, A2];
    const [tiny, gTiny] = simd ? [TINY4, G_TINY4] : [TINY, G_TINY];
    // The value of local `x`, or 0 where |x| < the local `below`.
    const flushed = (x: number, below: number): Code =>
      simd ? [...get(x), ...get(x), ...f32x4Abs, ...get(below), ...f32x4Ge, ...v128And] : [...get(x), ...f32Zero, ...get(x), ...f32Abs, ...get(below), ...f32Ge, ...select];
    return loop(I, get(simd ? VEC_END : END), simd ? 16 : 4, [
      ...at(G, I), ...load, ...set(g),
      // m' = m + (g − m)·a1
      ...at(M, I), ...load, ...tee(m), ...get(g), ...get(m), ...sub, ...get(a1), ...mul, ...add, ...set(m),
      ...flushed(m, tiny), ...set(m),
      // v' = v + (g·g − v)·a2, g taken as 0 where its square would be below tiny
      ...flushed(g, gTiny), ...set(g),
      ...at(V, I), ...load, ...tee(v), ...get(g), ...get(g), ...mul, ...get(v), ...sub, ...get(a2), ...mul, ...add, ...set(v),
      ...flushed(v, tiny), ...set(v),
      ...at(MO, I), ...get(m), ...store,
      ...at(VO, I), ...get(v), ...store,
      // x' = x − m'·step / (√v' + ε)
      ...at(XO, I), ...at(X, I), ...load, ...get(m), ...get(step), ...mul, ...get(v), ...sqrt, ...get(eps), ...add, ...div, ...sub, ...store,
    ]);
  };
  const splat = (from: number, to: number): Code => [...get(from), ...f32x4Splat, ...set(to)];
  return {
    locals: [[...uleb(3), I32], [...uleb(7), V128], [...uleb(3), F32], [...uleb(2), V128], [...uleb(2), F32]],
    code: [
      ...splat(STEP, STEP4), ...splat(EPS, EPS4), ...splat(A1, A14), ...splat(A2, A24),
      // 2⁻¹¹⁰ and 2⁻⁵⁵ (float32 bits 0x08800000 and 0x24000000, little-endian).
      0x43, 0x00, 0x00, 0x80, 0x08, ...tee(TINY), ...f32x4Splat, ...set(TINY4),
      0x43, 0x00, 0x00, 0x00, 0x24, ...tee(G_TINY), ...f32x4Splat, ...set(G_TINY4),
      ...get(N), ...i32(2), ...i32Shl, ...set(END),
      ...get(N), ...i32(-4), ...i32And, ...i32(2), ...i32Shl, ...set(VEC_END),
      ...pass(true),
      ...pass(false),
    ],
  };
}

/** columnSum: params src out rows cols; locals c, vecEnd, end, rowBytes, p, stop (i32), acc (v128), accs (f32). */
function columnSumBody(): { locals: Code[]; code: Code } {
  const [SRC, OUT, ROWS, COLS] = [0, 1, 2, 3];
  const [C, VEC_END, END, ROW_BYTES, P, STOP] = [4, 5, 6, 7, 8, 9];
  const [ACC, ACCS] = [10, 11];
  const pass = (simd: boolean): Code => {
    const [load, store, add, acc] = simd ? [v128Load, v128Store, f32x4Add, ACC] : [f32Load, f32Store, f32Add, ACCS];
    return loop(C, get(simd ? VEC_END : END), simd ? 16 : 4, [
      ...f32Zero, ...(simd ? f32x4Splat : []), ...set(acc),
      ...at(SRC, C), ...set(P),
      ...loop(P, get(STOP), 0, [...get(acc), ...get(P), ...load, ...add, ...set(acc), ...get(P), ...get(ROW_BYTES), ...i32Add, ...set(P)]),
      ...at(OUT, C), ...get(acc), ...store,
    ]);
  };
  return {
    locals: [[...uleb(6), I32], [...uleb(1), V128], [...uleb(1), F32]],
    code: [
      ...get(COLS), ...i32(2), ...i32Shl, ...tee(ROW_BYTES), ...set(END),
      ...get(COLS), ...i32(-4), ...i32And, ...i32(2), ...i32Shl, ...set(VEC_END),
      ...get(SRC), ...get(ROWS), ...get(ROW_BYTES), ...i32Mul, ...i32Add, ...set(STOP),
      ...pass(true),
      ...pass(false),
    ],
  };
}

/** transpose: params src out rows cols; locals r, c, r4, c4, inStride, outStride, p, q (i32), v0–v3, t0–t3 (v128). */
function transposeBody(): { locals: Code[]; code: Code } {
  const [SRC, OUT, ROWS, COLS] = [0, 1, 2, 3];
  const [R, C, R4, C4, IN_STRIDE, OUT_STRIDE, P, Q] = [4, 5, 6, 7, 8, 9, 10, 11];
  const [V0, V1, V2, V3, T0, T1, T2, T3] = [12, 13, 14, 15, 16, 17, 18, 19];
  // Byte offset of element (row, col) of a matrix `width` wide.
  const offset = (row: number, col: number, width: number): Code => [...get(row), ...get(width), ...i32Mul, ...get(col), ...i32Add, ...i32(2), ...i32Shl];
  const block: Code = [
    ...get(SRC), ...offset(R, C, COLS), ...i32Add, ...set(P),
    ...get(P), ...v128Load, ...set(V0),
    ...get(P), ...get(IN_STRIDE), ...i32Add, ...tee(P), ...v128Load, ...set(V1),
    ...get(P), ...get(IN_STRIDE), ...i32Add, ...tee(P), ...v128Load, ...set(V2),
    ...get(P), ...get(IN_STRIDE), ...i32Add, ...v128Load, ...set(V3),
    ...get(V0), ...get(V1), ...shuffle([0, 4, 1, 5]), ...set(T0),
    ...get(V0), ...get(V1), ...shuffle([2, 6, 3, 7]), ...set(T1),
    ...get(V2), ...get(V3), ...shuffle([0, 4, 1, 5]), ...set(T2),
    ...get(V2), ...get(V3), ...shuffle([2, 6, 3, 7]), ...set(T3),
    ...get(OUT), ...offset(C, R, ROWS), ...i32Add, ...tee(Q), ...get(T0), ...get(T2), ...shuffle([0, 1, 4, 5]), ...v128Store,
    ...get(Q), ...get(OUT_STRIDE), ...i32Add, ...tee(Q), ...get(T0), ...get(T2), ...shuffle([2, 3, 6, 7]), ...v128Store,
    ...get(Q), ...get(OUT_STRIDE), ...i32Add, ...tee(Q), ...get(T1), ...get(T3), ...shuffle([0, 1, 4, 5]), ...v128Store,
    ...get(Q), ...get(OUT_STRIDE), ...i32Add, ...get(T1), ...get(T3), ...shuffle([2, 3, 6, 7]), ...v128Store,
  ];
  const element: Code = [...get(OUT), ...offset(C, R, ROWS), ...i32Add, ...get(SRC), ...offset(R, C, COLS), ...i32Add, ...f32Load, ...f32Store];
  // Rows [r0, r1) × columns [c0, c1), one element at a time.
  const scalar = (r0: Code, r1: Code, c0: Code, c1: Code): Code => [...r0, ...set(R), ...loop(R, r1, 1, [...c0, ...set(C), ...loop(C, c1, 1, element)])];
  return {
    locals: [[...uleb(8), I32], [...uleb(8), V128]],
    code: [
      ...get(ROWS), ...i32(-4), ...i32And, ...set(R4),
      ...get(COLS), ...i32(-4), ...i32And, ...set(C4),
      ...get(COLS), ...i32(2), ...i32Shl, ...set(IN_STRIDE),
      ...get(ROWS), ...i32(2), ...i32Shl, ...set(OUT_STRIDE),
      ...i32(0), ...set(R),
      ...loop(R, get(R4), 4, [...i32(0), ...set(C), ...loop(C, get(C4), 4, block)]),
      // The columns right of the last whole block, then the rows below it.
      ...scalar(i32(0), get(ROWS), get(C4), get(COLS)),
      ...scalar(get(R4), get(ROWS), i32(0), get(C4)),
    ],
  };
}


/** The module's bytes: imports env.memory; exports adam, columnSum, transpose, matmul. */
export function wasmSimdModuleBytes(): Uint8Array<ArrayBuffer> {
  const adamType = [0x60, ...vector([[I32], [I32], [I32], [I32], [I32], [I32], [I32], [I32], [F32], [F32], [F32], [F32]]), 0x00];
  const matrixType = [0x60, ...vector([[I32], [I32], [I32], [I32]]), 0x00];
  const matmulType = [0x60, ...vector(Array.from({ length: 8 }, () => [I32])), 0x00];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([adamType, matrixType, matmulType])),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vector([[0x00], [0x01], [0x01], [0x02]])),
    ...section(7, vector([[...name('adam'), 0x00, 0x00], [...name('columnSum'), 0x00, 0x01], [...name('transpose'), 0x00, 0x02], [...name('matmul'), 0x00, 0x03]])),
    ...section(10, vector([funcBody(adamBody()), funcBody(columnSumBody()), funcBody(transposeBody()), funcBody(matmulBody())])),
  ]);
}

const instances = new WeakMap<WebAssembly.Memory, WasmSimd | null>();

/** The functions bound to this memory, or null where WebAssembly SIMD is missing. */
export function wasmSimdOn(memory: WebAssembly.Memory): WasmSimd | null {
  let functions = instances.get(memory);
  if (functions === undefined) {
    try {
      const bytes = wasmSimdModuleBytes();
      // Small enough to compile synchronously on any thread.
      functions = WebAssembly.validate(bytes) ? (new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as WasmSimd) : null;
    } catch {
      functions = null;
    }
    instances.set(memory, functions);
  }
  return functions;
}
