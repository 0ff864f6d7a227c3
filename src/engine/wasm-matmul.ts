/**
 * The dense layer's matrix product as a WebAssembly SIMD function, out [M, N] = A [M, K] · B [K, N]
 * (+ bias [N], then ReLU where asked), every matrix row-major on the TF.js wasm backend's heap.
 * Why not TF.js's own product: XNNPACK packs its right-hand matrix afresh for every new tensor, and the
 * weights of a model in training are a new tensor at every step. On a students' step (batch 32,
 * 196-128-128-10) packing halved the product's speed: [32, 196]·[196, 384] ran at 18.6 GFLOP/s with the same
 * right-hand tensor and 9.3 with a fresh one (`src/cli` probe, one thread). This function reads B where it
 * lies: tiles of 4 rows × 8 columns of the output in eight four-float accumulators, each step of k one
 * row of B (two loads) and four broadcast elements of A. The edges: 4 × 4 tiles, 1-row tiles, and single
 * elements (a scalar dot product) for the last N mod 4 columns. Arithmetic is float32, each output summed over k
 * in order from its bias (or 0), a multiply then an add (WebAssembly SIMD has no fused multiply-add), ReLU last:
 * exactly what XNNPACK's kernels do, so the result equals TF.js's wasm product bit for bit (tested) and a model
 * trains to the same weights through either.
 */
import { F32, I32, V128, f32Add, f32Load, f32Mul, f32Store, f32Zero, f32x4Add, f32x4Mul, get, i32, i32Add, i32And, i32Mul, i32Shl, loop, select, set, uleb, v128LoadAt, v128StoreAt, type Code } from './wasm-assembler';

/** v128.load32_splat: one float read and copied to all four lanes. */
const loadSplat: Code = [0xfd, 0x09, 0x02, 0x00];
const f32x4Max: Code = [0xfd, 0xe9, 0x01];
const f32Max: Code = [0x97];
const v128Zero: Code = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
/** `select` typed for v128 values. */
const selectV128: Code = [0x1c, 0x01, V128];
/** `if (condition) then else otherwise`, the condition an i32 code. */
const ifElse = (condition: Code, then: Code, otherwise: Code): Code => [...condition, 0x04, 0x40, ...then, 0x05, ...otherwise, 0x0b];

// Parameters: byte offsets of A, B, out and the bias (0 for none); M, K, N; ReLU (0 or 1).
const [A, B, OUT, BIAS, M, K, N, RELU] = [0, 1, 2, 3, 4, 5, 6, 7];
// i32 locals.
const [I, J, KK, PA0, PA1, PA2, PA3, PB, KB, NB, M4, N8, N4, Q] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
const PA = [PA0, PA1, PA2, PA3];
// v128 locals: eight accumulators (row r, vector v at ACC + 2r + v), two rows of B, one broadcast of A, zero.
const ACC = 22;
const [BV, AV, ZERO] = [30, 32, 33];
// f32 local: a scalar element's sum.
const S = 34;

/** Byte offset of element (row I + r, column J) of a matrix whose rows are `rowBytes` long, plus `base`. */
const element = (base: number, r: number, rowBytes: number): Code => [...get(I), ...i32(r), ...i32Add, ...get(rowBytes), ...i32Mul, ...get(base), ...i32Add, ...get(J), ...i32(2), ...i32Shl, ...i32Add];

/** out[I..I+rows, J..J+4·vectors] in `rows` × `vectors` accumulators. */
function tile(rows: number, vectors: number): Code {
  const cells = Array.from({ length: rows }, (_, r) => Array.from({ length: vectors }, (_, v) => ({ r, v, acc: ACC + 2 * r + v }))).flat();
  const biasAt = [...get(BIAS), ...get(J), ...i32(2), ...i32Shl, ...i32Add];
  return [
    ...get(A), ...get(I), ...get(KB), ...i32Mul, ...i32Add, ...set(PA0),
    ...PA.slice(1, rows).flatMap((p, r) => [...get(PA[r]!), ...get(KB), ...i32Add, ...set(p)]),
    ...get(B), ...get(J), ...i32(2), ...i32Shl, ...i32Add, ...set(PB),
    ...ifElse(
      get(BIAS),
      cells.flatMap(({ v, acc }) => [...biasAt, ...v128LoadAt(16 * v), ...set(acc)]),
      cells.flatMap(({ acc }) => [...get(ZERO), ...set(acc)]),
    ),
    ...i32(0), ...set(KK),
    ...loop(KK, get(K), 1, [
      ...Array.from({ length: vectors }, (_, v) => [...get(PB), ...v128LoadAt(16 * v), ...set(BV + v)]).flat(),
      ...Array.from({ length: rows }, (_, r) => [
        ...get(PA[r]!), ...loadSplat, ...set(AV),
        ...cells.filter((c) => c.r === r).flatMap(({ v, acc }) => [...get(acc), ...get(AV), ...get(BV + v), ...f32x4Mul, ...f32x4Add, ...set(acc)]),
        ...get(PA[r]!), ...i32(4), ...i32Add, ...set(PA[r]!),
      ]).flat(),
      ...get(PB), ...get(NB), ...i32Add, ...set(PB),
    ]),
    ...Array.from({ length: rows }, (_, r) => [
      ...element(OUT, r, NB), ...set(Q),
      ...cells.filter((c) => c.r === r).flatMap(({ v, acc }) => [...get(Q), ...get(acc), ...get(ZERO), ...f32x4Max, ...get(acc), ...get(RELU), ...selectV128, ...v128StoreAt(16 * v)]),
    ]).flat(),
  ];
}

/** out[I + r, J] alone, a scalar dot product. */
function single(r: number): Code {
  return [
    ...ifElse(get(BIAS), [...get(BIAS), ...get(J), ...i32(2), ...i32Shl, ...i32Add, ...f32Load, ...set(S)], [...f32Zero, ...set(S)]),
    ...get(A), ...get(I), ...i32(r), ...i32Add, ...get(KB), ...i32Mul, ...i32Add, ...set(PA0),
    ...get(B), ...get(J), ...i32(2), ...i32Shl, ...i32Add, ...set(PB),
    ...i32(0), ...set(KK),
    ...loop(KK, get(K), 1, [
      ...get(S), ...get(PA0), ...f32Load, ...get(PB), ...f32Load, ...f32Mul, ...f32Add, ...set(S),
      ...get(PA0), ...i32(4), ...i32Add, ...set(PA0),
      ...get(PB), ...get(NB), ...i32Add, ...set(PB),
    ]),
    ...element(OUT, r, NB),
    ...get(S), ...f32Zero, ...f32Max, ...get(S), ...get(RELU), ...select, ...f32Store,
  ];
}

/** One band of `rows` rows from I: its columns in 8-wide, then 4-wide tiles, then single elements. */
function band(rows: number): Code {
  return [
    ...i32(0), ...set(J),
    ...loop(J, get(N8), 8, tile(rows, 2)),
    ...loop(J, get(N4), 4, tile(rows, 1)),
    ...loop(J, get(N), 1, Array.from({ length: rows }, (_, r) => single(r)).flat()),
  ];
}

/** matmul: params a b out bias m k n relu (i32). */
export function matmulBody(): { locals: Code[]; code: Code } {
  return {
    locals: [[...uleb(14), I32], [...uleb(12), V128], [...uleb(1), F32]],
    code: [
      ...get(K), ...i32(2), ...i32Shl, ...set(KB),
      ...get(N), ...i32(2), ...i32Shl, ...set(NB),
      ...get(M), ...i32(-4), ...i32And, ...set(M4),
      ...get(N), ...i32(-8), ...i32And, ...set(N8),
      ...get(N), ...i32(-4), ...i32And, ...set(N4),
      ...v128Zero, ...set(ZERO),
      ...i32(0), ...set(I),
      ...loop(I, get(M4), 4, band(4)),
      ...loop(I, get(M), 1, band(1)),
    ],
  };
}
