/**
 * The digits over HTTP (the browser's worker): both gzip parts of one side
 * fetched together, with progress in compressed bytes over both, unpacked
 * with `gunzip`. Web APIs only (fetch, streams, AbortController), so Node's
 * tests run it with a stand-in fetch. Every failure rejects with a message
 * that names the part — an HTTP error, a network error, a download cut short
 * or one that stalls — and stops the other part's download.
 *
 * Some servers (Vite's own, through sirv) send a `.gz` file with
 * `Content-Encoding: gzip`: the browser then unpacks it itself, the body is
 * the binary, and progress is the unpacked share (the binary's length is in
 * its header) of the compressed Content-Length.
 */
import type { DigitsBinaries, ProgressCallback } from '../index';
import { DIGIT_PARTS, DIGITS_HEADER_BYTES, digitsByteLength, digitsLabel, type DigitPart, type DigitSide } from './format';
import { gunzip, isGzip, joinChunks } from './gunzip';

/** A download that receives nothing for this long is stopped. */
export const DIGITS_STALL_MS = 30_000;

export interface DownloadOptions {
  fetch?: typeof fetch;
  stallMs?: number;
}

class DownloadError extends Error {}

/** What is known of one part's download. */
interface PartProgress {
  /** Bytes of the body received so far (compressed, or unpacked if the server encoded it). */
  received: number;
  /** Content-Length (the compressed size), 0 if unknown. */
  length: number;
  /** The server sent it with a Content-Encoding, so the body is already unpacked. */
  encoded: boolean;
  /** For an encoded body: the unpacked length, from the binary's header once it has arrived (null if it is not one). */
  unpackedLength: number | null;
  headerRead: boolean;
}

/** Compressed bytes received and expected, as far as they are known. */
function progressOf(part: PartProgress): { loaded: number; total: number } {
  if (!part.encoded) return { loaded: part.received, total: part.length };
  if (part.length > 0) return { loaded: part.unpackedLength ? Math.min(part.length, Math.round((part.received / part.unpackedLength) * part.length)) : 0, total: part.length };
  return { loaded: part.received, total: part.unpackedLength ?? 0 };
}

export async function downloadDigits(
  urls: Record<DigitPart, string>,
  side: DigitSide,
  onProgress?: ProgressCallback,
  { fetch: doFetch = globalThis.fetch.bind(globalThis), stallMs = DIGITS_STALL_MS }: DownloadOptions = {},
): Promise<DigitsBinaries> {
  const controller = new AbortController();
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stillAlive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, stallMs);
  };
  const fail = (part: DigitPart, reason: string) => new DownloadError(`Could not load ${digitsLabel(side, part)} (${reason}).`);
  const explain = (part: DigitPart, error: unknown): Error => {
    if (error instanceof DownloadError) return error;
    if (stalled) return fail(part, `no data for ${stallMs >= 1000 ? `${Math.round(stallMs / 1000)} s` : `${stallMs} ms`}`);
    return fail(part, error instanceof Error ? error.message : String(error));
  };

  const state: Record<DigitPart, PartProgress> = {
    train: { received: 0, length: 0, encoded: false, unpackedLength: null, headerRead: false },
    test: { received: 0, length: 0, encoded: false, unpackedLength: null, headerRead: false },
  };
  const report = () => {
    if (!onProgress) return;
    const train = progressOf(state.train);
    const test = progressOf(state.test);
    const loaded = train.loaded + test.loaded;
    onProgress(loaded, Math.max(train.total + test.total, loaded));
  };

  try {
    stillAlive();
    // Both headers first, so the progress total covers both files from the start.
    const responses = await Promise.all(
      DIGIT_PARTS.map(async (part) => {
        let response: Response;
        try {
          response = await doFetch(urls[part], { signal: controller.signal });
        } catch (error) {
          throw explain(part, error);
        }
        if (!response.ok || !response.body) throw fail(part, `HTTP ${response.status}`);
        const length = Number(response.headers.get('content-length'));
        state[part].length = Number.isFinite(length) && length > 0 ? length : 0;
        state[part].encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
        return { part, response };
      }),
    );
    report();
    const parts = await Promise.all(
      responses.map(async ({ part, response }) => {
        const progress = state[part];
        const reader = response.body!.getReader();
        const chunks: Uint8Array[] = [];
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            stillAlive();
            chunks.push(value);
            progress.received += value.length;
            if (progress.encoded && !progress.headerRead && progress.received >= DIGITS_HEADER_BYTES) {
              progress.headerRead = true;
              progress.unpackedLength = digitsByteLength(joinChunks(chunks, progress.received).subarray(0, DIGITS_HEADER_BYTES));
            }
            report();
          }
        } catch (error) {
          throw explain(part, error);
        }
        const expected = progress.encoded ? progress.unpackedLength ?? 0 : progress.length;
        if (expected > 0 && progress.received !== expected) {
          const unit = progress.encoded ? 'unpacked bytes' : 'bytes';
          throw fail(part, `the download stopped after ${progress.received.toLocaleString('en')} of ${expected.toLocaleString('en')} ${unit}`);
        }
        const bytes = joinChunks(chunks, progress.received);
        chunks.length = 0;
        // Already unpacked if the server sent it with its own gzip encoding.
        const raw = isGzip(bytes) ? await gunzip(bytes, digitsLabel(side, part)) : bytes;
        return [part, raw] as const;
      }),
    );
    return Object.fromEntries(parts) as Record<DigitPart, Uint8Array>;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
