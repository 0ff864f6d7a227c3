/**
 * Gzip decompression with the web platform's DecompressionStream: the browser
 * unpacks the digits with it, and Node (20+, where it is global) runs the same
 * function in the tests. No Node imports.
 */

/** True if the bytes start with gzip's magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Join chunks into one array (the chunks are dropped by the caller right after). */
export function joinChunks(chunks: readonly Uint8Array[], length = chunks.reduce((sum, chunk) => sum + chunk.length, 0)): Uint8Array {
  if (chunks.length === 1 && chunks[0]!.length === length) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Decompress gzip bytes. Rejects with a clear Error (naming `what`) on data
 * that is not gzip, is cut short or is corrupt.
 */
export async function gunzip(compressed: Uint8Array, what = 'the data'): Promise<Uint8Array> {
  if (!isGzip(compressed)) throw new Error(`Could not unpack ${what}: not gzip data (no gzip header in its ${compressed.length} bytes)`);
  const source = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(compressed as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
  const reader = source.pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not unpack ${what}: the gzip data is cut short or corrupt (${reason})`);
  }
  return joinChunks(chunks, length);
}
