/**
 * The digits in the browser: the converted binary, bundled by Vite as an
 * asset and fetched once with progress (the 28×28 file is 7.8 MB).
 */
import digits14Url from '../datasets/digits/generated/mnist-14.bin?url';
import digits28Url from '../datasets/digits/generated/mnist-28.bin?url';
import type { DigitsSource } from '../datasets/index';

export const browserDigitsSource: DigitsSource = async (side, onProgress) => {
  const response = await fetch(side === 14 ? digits14Url : digits28Url);
  if (!response.ok || !response.body) throw new Error(`Could not load the ${side}×${side} digits (HTTP ${response.status}).`);
  const total = Number(response.headers.get('content-length')) || 0;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress?.(loaded, Math.max(total, loaded));
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
};
