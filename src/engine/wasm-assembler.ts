/**
 * A few lines of WebAssembly assembler: opcodes and helpers that write a function body as bytes, for the
 * hand-written SIMD kernels (wasm-simd.ts, wasm-matmul.ts). No build step: the modules are assembled at run time.
 */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

export type Code = number[];

export const get = (i: number): Code => [0x20, i];
export const set = (i: number): Code => [0x21, i];
export const tee = (i: number): Code => [0x22, i];
export const i32 = (n: number): Code => [0x41, ...sleb(n)];
export const [i32Add, i32Sub, i32Mul, i32And, i32Shl, i32GeU] = [[0x6a], [0x6b], [0x6c], [0x71], [0x74], [0x4f]];
export const [f32Load, f32Store] = [[0x2a, 0x02, 0x00], [0x38, 0x02, 0x00]];
export const [f32Add, f32Sub, f32Mul, f32Div, f32Sqrt] = [[0x92], [0x93], [0x94], [0x95], [0x91]];
/** v128.load / v128.store at a constant byte offset from the address on the stack. */
export const v128LoadAt = (offset: number): Code => [0xfd, 0x00, 0x02, ...uleb(offset)];
export const v128StoreAt = (offset: number): Code => [0xfd, 0x0b, 0x02, ...uleb(offset)];
export const [v128Load, v128Store] = [v128LoadAt(0), v128StoreAt(0)];
export const f32x4Splat = [0xfd, 0x13];
export const [f32x4Sqrt, f32x4Add, f32x4Sub, f32x4Mul, f32x4Div] = [[0xfd, 0xe3, 0x01], [0xfd, 0xe4, 0x01], [0xfd, 0xe5, 0x01], [0xfd, 0xe6, 0x01], [0xfd, 0xe7, 0x01]];
export const f32Zero = [0x43, 0, 0, 0, 0];
/** `cond ? first : second` for two numbers and an i32 condition on the stack. */
export const select: Code = [0x1b];
/** i8x16.shuffle of two f32x4 by float lanes (0–3 the first operand, 4–7 the second). */
export const shuffle = (lanes: number[]): Code => [0xfd, 0x0d, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])];

export function uleb(n: number): Code {
  const out: Code = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): Code {
  const out: Code = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** `while (counter < end) { body; counter += step }` (unsigned). */
export function loop(counter: number, end: Code, step: number, body: Code): Code {
  return [0x02, 0x40, 0x03, 0x40, ...get(counter), ...end, ...i32GeU, 0x0d, 1, ...body, ...get(counter), ...i32(step), ...i32Add, ...set(counter), 0x0c, 0, 0x0b, 0x0b];
}

export const at = (base: number, offset: number): Code => [...get(base), ...get(offset), ...i32Add];


export const section = (id: number, body: Code): Code => [id, ...uleb(body.length), ...body];
export const vector = (items: Code[]): Code => [...uleb(items.length), ...items.flat()];
export const name = (text: string): Code => [...uleb(text.length), ...[...text].map((ch) => ch.charCodeAt(0))];
export const funcBody = ({ locals, code }: { locals: Code[]; code: Code }): Code => {
  const body = [...vector(locals), ...code, 0x0b];
  return [...uleb(body.length), ...body];
};
