import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeDigits, digitsByteLength, downsample2x, encodeDigits, type DigitPart } from '../../datasets/digits/format';
import { digitsDataset, DIGIT_CLASS_NAMES } from '../../datasets/digits/dataset';
import { gunzip, isGzip } from '../../datasets/digits/gunzip';
import { downloadDigits } from '../../datasets/digits/download';
import { loadDataset, type DigitsSource } from '../../datasets/index';

function tinyDigits(count: number, side: number, part: DigitPart = 'train') {
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  const pixels = Uint8Array.from({ length: count * side * side }, (_, i) => (i * 37) % 256);
  return { side, part, labels, pixels };
}

describe('digits binary format', () => {
  it('round-trips through encode and decode, as views of the buffer', () => {
    const input = tinyDigits(13, 14, 'test');
    const bytes = encodeDigits(input);
    expect(bytes.length).toBe(12 + 13 + 13 * 14 * 14);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('DKLD');
    // Version 2, side, part (1 = train, 2 = test), 0.
    expect([bytes[4], bytes[5], bytes[6], bytes[7]]).toEqual([2, 14, 2, 0]);
    expect(encodeDigits(tinyDigits(1, 28, 'train'))[6]).toBe(1);
    const decoded = decodeDigits(bytes);
    expect(decoded).toMatchObject({ side: 14, part: 'test', count: 13 });
    expect(decoded.labels).toEqual(input.labels);
    expect(decoded.pixels).toEqual(input.pixels);
    expect(decoded.pixels.buffer).toBe(bytes.buffer);
    // The whole length, from the header alone.
    expect(digitsByteLength(bytes.subarray(0, 12))).toBe(bytes.length);
    expect(digitsByteLength(bytes.subarray(0, 11))).toBeNull();
    expect(digitsByteLength(new Uint8Array(12))).toBeNull();
    // An ArrayBuffer, and a view that does not start at offset 0, decode the same.
    expect(decodeDigits(bytes.slice().buffer).pixels).toEqual(input.pixels);
    const padded = new Uint8Array(bytes.length + 5);
    padded.set(bytes, 5);
    expect(decodeDigits(padded.subarray(5)).labels).toEqual(input.labels);
  });

  it('rejects a bad magic, version, side, part, label or length with a message', () => {
    const good = encodeDigits(tinyDigits(4, 28));
    const broken = (at: number, value: number) => {
      const copy = good.slice();
      copy[at] = value;
      return copy;
    };
    expect(() => decodeDigits(broken(0, 'X'.charCodeAt(0)))).toThrow('Not a digits binary: magic is "XKLD", expected "DKLD"');
    expect(() => decodeDigits(broken(4, 1))).toThrow('Unsupported digits binary version 1, expected 2');
    expect(() => decodeDigits(broken(5, 20))).toThrow('Unsupported digits side 20, expected 28 or 14');
    expect(() => decodeDigits(broken(6, 3))).toThrow('Unknown digits part code 3, expected 1 (train) or 2 (test)');
    expect(() => decodeDigits(broken(7, 1))).toThrow(/header byte 7 is 1/);
    expect(() => decodeDigits(broken(12 + 2, 10))).toThrow('Digits binary: label 10 of digit 2 is not 0–9');
    expect(() => decodeDigits(good.slice(0, good.length - 1))).toThrow(`Digits binary length ${good.length - 1} does not match 4 digits of 28×28 (expected ${good.length} bytes)`);
    expect(() => decodeDigits(new Uint8Array([...good, 0]))).toThrow(/does not match 4 digits/);
    expect(() => decodeDigits(good.slice(0, 6))).toThrow('Digits binary too short: 6 bytes, the header alone is 12');
    expect(() => encodeDigits({ ...tinyDigits(1, 14), side: 20, pixels: new Uint8Array(400) })).toThrow(/side must be 28 or 14/);
    expect(() => encodeDigits({ ...tinyDigits(2, 14), pixels: new Uint8Array(5) })).toThrow(/Expected 2·14·14 = 392 pixels, got 5/);
  });

  it('checks the side and part it was asked for', () => {
    const bytes = encodeDigits(tinyDigits(3, 14, 'test'));
    expect(decodeDigits(bytes, { side: 14, part: 'test' }).count).toBe(3);
    expect(() => decodeDigits(bytes, { side: 28, part: 'test' })).toThrow('Expected the 28×28 test digits, but the binary holds the 14×14 test digits');
    expect(() => decodeDigits(bytes, { part: 'train' })).toThrow('Expected the 14×14 training digits, but the binary holds the 14×14 test digits');
  });

  it('downsamples 2×2 blocks to their rounded average', () => {
    // prettier-ignore
    const image = Uint8Array.from([
      0, 0, 10, 20,
      0, 1, 30, 41,
      255, 255, 1, 2,
      255, 254, 3, 4,
    ]);
    // Two images: the hand-made one and its reverse.
    const pair = new Uint8Array(32);
    pair.set(image, 0);
    pair.set(image.slice().reverse(), 16);
    const out = downsample2x(pair, 2, 4);
    // 1/4 → 0, 101/4 = 25.25 → 25, 1019/4 = 254.75 → 255, 10/4 = 2.5 → 3.
    expect(Array.from(out)).toEqual([0, 25, 255, 3, 3, 255, 25, 0]);
    expect(() => downsample2x(new Uint8Array(9), 1, 3)).toThrow(/odd/);
  });
});

describe('digits dataset', () => {
  it('keeps the official parts in their order and scales pixels to [0, 1]', () => {
    const train = tinyDigits(50, 14, 'train');
    const test = { ...tinyDigits(7, 14, 'test'), labels: Uint8Array.from([9, 8, 7, 6, 5, 4, 3]) };
    const data = digitsDataset(decodeDigits(encodeDigits(train)), decodeDigits(encodeDigits(test)));
    expect(data.name).toBe('digits-14');
    expect(data.classNames).toEqual(DIGIT_CLASS_NAMES);
    expect(data.families).toBeUndefined();
    expect(data.inputSize).toBe(196);
    expect(data.imageSide).toBe(14);
    expect(data.trainY.length).toBe(50);
    expect(data.trainX.length).toBe(50 * 196);
    expect(Array.from(data.testY)).toEqual([9, 8, 7, 6, 5, 4, 3]);
    expect(data.testX.length).toBe(7 * 196);
    expect(data.trainX[3 * 196 + 5]).toBeCloseTo(train.pixels[3 * 196 + 5]! / 255, 6);
    expect(data.testX[6 * 196 + 100]).toBeCloseTo(test.pixels[6 * 196 + 100]! / 255, 6);
  });

  it('refuses swapped parts or mixed sides', () => {
    const train = decodeDigits(encodeDigits(tinyDigits(2, 14, 'train')));
    const test = decodeDigits(encodeDigits(tinyDigits(2, 14, 'test')));
    const test28 = decodeDigits(encodeDigits(tinyDigits(2, 28, 'test')));
    expect(() => digitsDataset(test, train)).toThrow('Expected the training digits, got the 14×14 test digits');
    expect(() => digitsDataset(train, train)).toThrow('Expected the test digits, got the 14×14 training digits');
    expect(() => digitsDataset(train, test28)).toThrow(/14×14 but the test digits 28×28/);
  });

  it('loadDataset decodes both parts, names a bad one, and keeps one load per side', async () => {
    let calls = 0;
    const source: DigitsSource = async (side) => {
      calls++;
      return { train: encodeDigits(tinyDigits(20, side, 'train')), test: encodeDigits(tinyDigits(10, side, 'test')) };
    };
    const [a, b] = await Promise.all([loadDataset('digits-28', 1, source), loadDataset('digits-28', 2, source)]);
    expect(a).toBe(b);
    expect(calls).toBe(1);
    expect([a.trainY.length, a.testY.length, a.imageSide]).toEqual([20, 10, 28]);
    // A failed load is not cached: the next try loads again.
    const swapped: DigitsSource = async (side) => ({ train: encodeDigits(tinyDigits(2, side, 'test')), test: encodeDigits(tinyDigits(2, side, 'test')) });
    await expect(loadDataset('digits-14', 1, swapped)).rejects.toThrow('Could not read the 14×14 training digits: Expected the 14×14 training digits, but the binary holds the 14×14 test digits');
    const garbage: DigitsSource = async () => ({ train: new Uint8Array(3), test: new Uint8Array(3) });
    await expect(loadDataset('digits-14', 1, garbage)).rejects.toThrow(/Could not read the 14×14 training digits: Digits binary too short/);
    expect((await loadDataset('digits-14', 1, source)).testY.length).toBe(10);
  });
});

describe('gunzip (the browser\'s DecompressionStream, run by Node too)', () => {
  const raw = encodeDigits(tinyDigits(300, 28));
  const gz = new Uint8Array(gzipSync(raw, { level: 9 }));

  it('gives back exactly the bytes node:zlib compressed', async () => {
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(raw)).toBe(false);
    const out = await gunzip(gz);
    expect(Buffer.from(out).equals(Buffer.from(raw))).toBe(true);
    expect(await gunzip(new Uint8Array(gzipSync(new Uint8Array(0))))).toEqual(new Uint8Array(0));
  });

  it('rejects data that is not gzip, cut short or corrupt', async () => {
    await expect(gunzip(raw, 'the raw file')).rejects.toThrow(/^Could not unpack the raw file: not gzip data/);
    await expect(gunzip(gz.subarray(0, gz.length - 100), 'the 28×28 training digits')).rejects.toThrow(
      /^Could not unpack the 28×28 training digits: the gzip data is cut short or corrupt/,
    );
    const corrupt = gz.slice();
    corrupt[corrupt.length - 6]! ^= 0xff; // the CRC
    await expect(gunzip(corrupt)).rejects.toThrow(/cut short or corrupt/);
  });
});

describe('digits download (the browser\'s fetch, with a stand-in server)', () => {
  const files = {
    '/train.gz': new Uint8Array(gzipSync(encodeDigits(tinyDigits(400, 28, 'train')), { level: 9 })),
    '/test.gz': new Uint8Array(gzipSync(encodeDigits(tinyDigits(100, 28, 'test')), { level: 9 })),
  };
  const urls = { train: '/train.gz', test: '/test.gz' };

  /** A body that sends `bytes` in small chunks, then either ends or does `after`. */
  function body(bytes: Uint8Array, after: 'end' | 'error' | 'hang' = 'end', chunk = 1000) {
    let at = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at < bytes.length) {
          controller.enqueue(bytes.slice(at, at + chunk));
          at += chunk;
        } else if (after === 'end') controller.close();
        else if (after === 'error') controller.error(new TypeError('network error'));
        else return new Promise(() => {});
      },
    });
  }

  type Serve = (path: keyof typeof files, bytes: Uint8Array, signal: AbortSignal) => Response;
  const plain: Serve = (_path, bytes) => new Response(body(bytes), { headers: { 'content-length': String(bytes.length) } });
  function server(serve: Serve = plain) {
    const signals: AbortSignal[] = [];
    const fetch = (async (url: string, init?: RequestInit) => {
      signals.push(init!.signal!);
      return serve(url as keyof typeof files, files[url as keyof typeof files], init!.signal!);
    }) as typeof globalThis.fetch;
    return { fetch, signals };
  }

  it('fetches both parts, reports compressed bytes over both, and unpacks them', async () => {
    const progress: [number, number][] = [];
    const { fetch } = server();
    const out = await downloadDigits(urls, 28, (loaded, total) => progress.push([loaded, total]), { fetch });
    const total = files['/train.gz'].length + files['/test.gz'].length;
    expect(decodeDigits(out.train, { side: 28, part: 'train' }).count).toBe(400);
    expect(decodeDigits(out.test, { side: 28, part: 'test' }).count).toBe(100);
    expect(progress.every(([, t]) => t === total)).toBe(true);
    expect(progress.at(-1)).toEqual([total, total]);
    for (let k = 1; k < progress.length; k++) expect(progress[k]![0]).toBeGreaterThanOrEqual(progress[k - 1]![0]);
    expect(progress.length).toBeGreaterThan(3);
  });

  it('rejects an HTTP error with the part and status, and stops the other download', async () => {
    const { fetch, signals } = server((path, bytes) => (path === '/train.gz' ? new Response('missing', { status: 404 }) : new Response(body(bytes, 'hang'))));
    await expect(downloadDigits(urls, 28, undefined, { fetch })).rejects.toThrow(/^Could not load the 28×28 training digits \(HTTP 404\)\.$/);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('rejects a download cut short, a network error and a stall, never hangs', async () => {
    const short: Serve = (path, bytes) =>
      path === '/test.gz' ? new Response(body(bytes.subarray(0, 500)), { headers: { 'content-length': String(bytes.length) } }) : plain(path, bytes, new AbortController().signal);
    await expect(downloadDigits(urls, 28, undefined, server(short))).rejects.toThrow(
      `Could not load the 28×28 test digits (the download stopped after 500 of ${files['/test.gz'].length.toLocaleString('en')} bytes).`,
    );
    // Without a length to check, the cut shows when unpacking.
    const shortNoLength: Serve = (path, bytes) => new Response(body(path === '/test.gz' ? bytes.subarray(0, 500) : bytes));
    await expect(downloadDigits(urls, 14, undefined, server(shortNoLength))).rejects.toThrow(/^Could not unpack the 14×14 test digits: the gzip data is cut short or corrupt/);
    const broken: Serve = (path, bytes) => new Response(body(bytes, path === '/train.gz' ? 'error' : 'end'));
    await expect(downloadDigits(urls, 28, undefined, server(broken))).rejects.toThrow('Could not load the 28×28 training digits (network error).');
    const refused = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    await expect(downloadDigits(urls, 28, undefined, { fetch: refused })).rejects.toThrow('Could not load the 28×28 training digits (Failed to fetch).');
    // A server that sends part of a file and then nothing: stopped after stallMs.
    const stalling = server((path, bytes, signal) => {
      const stream = body(bytes.subarray(0, 2000), 'hang');
      // Like fetch, an abort errors the body.
      const reader = stream.getReader();
      const aborting = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await Promise.race([reader.read(), new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))]);
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
      });
      return new Response(aborting);
    });
    const start = performance.now();
    await expect(downloadDigits(urls, 28, undefined, { ...stalling, stallMs: 100 })).rejects.toThrow(/^Could not load the 28×28 (training|test) digits \(no data for 100 ms\)\.$/);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(stalling.signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('accepts parts the server already unpacked (Content-Encoding: gzip), with progress in compressed bytes', async () => {
    const raws = { '/train.gz': encodeDigits(tinyDigits(400, 28, 'train')), '/test.gz': encodeDigits(tinyDigits(100, 28, 'test')) };
    // Like sirv (Vite's server): Content-Length is the .gz file's size, the body the unpacked binary.
    const unpacked: Serve = (path, bytes) => new Response(body(raws[path]), { headers: { 'content-encoding': 'gzip', 'content-length': String(bytes.length) } });
    const progress: [number, number][] = [];
    const out = await downloadDigits(urls, 28, (loaded, total) => progress.push([loaded, total]), server(unpacked));
    expect(Buffer.from(new Uint8Array(out.train)).equals(Buffer.from(raws['/train.gz']))).toBe(true);
    expect(Buffer.from(new Uint8Array(out.test)).equals(Buffer.from(raws['/test.gz']))).toBe(true);
    const total = files['/train.gz'].length + files['/test.gz'].length;
    expect(progress.every(([, t]) => t === total)).toBe(true);
    expect(progress.at(-1)).toEqual([total, total]);
    for (let k = 1; k < progress.length; k++) expect(progress[k]![0]).toBeGreaterThanOrEqual(progress[k - 1]![0]);
    expect(progress.some(([loaded]) => loaded > 0 && loaded < total)).toBe(true);
    // Cut short: fewer unpacked bytes than the header announces.
    const cut: Serve = (path, bytes) =>
      new Response(body(path === '/train.gz' ? raws[path].subarray(0, 5000) : raws[path]), { headers: { 'content-encoding': 'gzip', 'content-length': String(bytes.length) } });
    await expect(downloadDigits(urls, 28, undefined, server(cut))).rejects.toThrow(
      `Could not load the 28×28 training digits (the download stopped after 5,000 of ${raws['/train.gz'].length.toLocaleString('en')} unpacked bytes).`,
    );
  });
});
