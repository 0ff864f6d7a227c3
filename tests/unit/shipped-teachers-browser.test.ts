/**
 * The worker's shipped-teacher path (workers/shipped-teachers.ts) in Node, on a
 * test manifest (the bundled one may be empty), and the bundled manifest itself:
 * every teacher it lists has a file in the build that passes its checks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { bundledShippedTeachers, fetchShippedTeacher, ShippedTeacherError, shippedTeacherFor, useShippedTeacherInBrowser, type ShippedTeacherSource } from '../../workers/shipped-teachers';
import { teacherSizes } from '../../workers/teacher-lookup';
import { encodeTeacher, sha256Hex } from '../../src/core/teacher-file';
import { parseTeacherManifest, type ShippedTeacher } from '../../src/core/teacher-manifest';
import { ENGINE_VERSION, teacherDefinition, teacherKey } from '../../src/core/teacher-origin';
import { findPreset } from '../../src/core/presets';
import type { Settings } from '../../src/core/settings';
import type { TeacherCache } from '../../src/engine/teacher-cache';

const settings = { ...findPreset('low-data')!.settings, seed: 7 } as Settings;
const sizes = teacherSizes(settings);
const BASE = 'https://lab.example/app/';

function weightsFor(sizes: number[]): Float32Array[] {
  const weights: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) weights.push(Float32Array.from({ length: sizes[l]! * sizes[l + 1]! }, (_, i) => Math.sin(i + l)), new Float32Array(sizes[l + 1]!).fill(0.1));
  return weights;
}

async function testSource(options: { bytes?: (good: Uint8Array) => Uint8Array; url?: string | null; response?: () => Promise<Response> } = {}) {
  const good = encodeTeacher({ sizes, weights: weightsFor(sizes) });
  const entry: ShippedTeacher = {
    name: 'spirals-test',
    file: 'spirals-test.bin',
    bytes: good.length,
    sha256: await sha256Hex(good),
    definition: teacherDefinition({ ...settings, seed: 1 }),
    engineVersion: ENGINE_VERSION,
    command: 'npm run teachers',
    trainedOn: 'wasm',
    evaluatedOn: 'wasm',
    seconds: 1,
    loss: 0.05,
    trainAcc: 0.995,
    testAcc: 0.981,
    testErrors: 190,
    testCount: 10_000,
    createdAt: '2026-11-26T10:32:00.000Z',
  };
  const served = options.bytes ? options.bytes(good) : good;
  const fetch = vi.fn(options.response ?? (async () => new Response(served.slice())));
  const source: ShippedTeacherSource = {
    manifest: { version: 1, teachers: [entry] },
    fileUrls: options.url === null ? {} : { [entry.file]: options.url ?? '/assets/spirals-test-abc123.bin' },
    baseUrl: BASE,
    fetch,
  };
  return { source, entry, fetch, cache: new Map() as TeacherCache };
}

describe('shipped teachers in the browser worker', () => {
  it('loads the shipped teacher of the same definition for any run seed, with the manifest’s metrics', async () => {
    const { source, cache, fetch } = await testSource();
    const entry = await useShippedTeacherInBrowser(source, cache, settings, sizes);
    expect(entry?.name).toBe('spirals-test');
    expect(fetch).toHaveBeenCalledWith('https://lab.example/assets/spirals-test-abc123.bin');
    const snapshot = cache.get(teacherKey(settings))!;
    expect(snapshot.origin).toEqual({ kind: 'shipped', name: 'spirals-test', seed: 1, command: 'npm run teachers' });
    expect(snapshot.metrics).toEqual({ loss: 0.05, trainAcc: 0.995, testAcc: 0.981 });
    expect(snapshot.weights.map((w) => w.length)).toEqual(weightsFor(sizes).map((w) => w.length));
    expect(shippedTeacherFor(source, settings)?.testErrors).toBe(190);
  });

  it('does nothing when no teacher is shipped for the settings', async () => {
    const { source, cache, fetch } = await testSource();
    expect(await useShippedTeacherInBrowser(source, cache, { ...settings, teacherEpochs: settings.teacherEpochs + 1 }, sizes)).toBeNull();
    expect(await useShippedTeacherInBrowser({ ...source, manifest: { version: 1, teachers: [] } }, cache, settings, sizes)).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
    expect(cache.size).toBe(0);
  });

  it.each<[string, Parameters<typeof testSource>[0], RegExp]>([
    ['altered bytes', { bytes: (good) => good.map((b, i) => (i === 100 ? b ^ 1 : b)) }, /The shipped teacher spirals-test\.bin fails its checksum \(sha256 [0-9a-f]{12}…, manifest [0-9a-f]{12}…\)/],
    ['a cut file', { bytes: (good) => good.subarray(0, 64) }, /is 64 bytes, the manifest says \d+/],
    ['a file missing from the build', { url: null }, /spirals-test\.bin is missing from this build/],
    ['a file missing from the server', { response: async () => new Response('Not found', { status: 404 }) }, /missing from the server \(HTTP 404\)/],
    ['a failed download', { response: async () => Promise.reject(new TypeError('Failed to fetch')) }, /could not be downloaded \(Failed to fetch\)/],
  ])('%s: refuses it with a clear message and caches nothing', async (_, options, message) => {
    const { source, cache } = await testSource(options);
    const attempt = useShippedTeacherInBrowser(source, cache, settings, sizes);
    await expect(attempt).rejects.toThrow(ShippedTeacherError);
    await expect(attempt).rejects.toThrow(message);
    expect(cache.size).toBe(0);
  });

  it('fetches from this site only', async () => {
    const { source, cache, fetch } = await testSource({ url: 'https://elsewhere.example/spirals-test.bin' });
    await expect(useShippedTeacherInBrowser(source, cache, settings, sizes)).rejects.toThrow(/not served by this site \(https:\/\/elsewhere\.example\)/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses a file whose sizes are not the run’s', async () => {
    const { source, entry } = await testSource();
    await expect(fetchShippedTeacher(source, entry, [2, 8, 6])).rejects.toThrow(/has sizes 2-64-64-6, the run needs 2-8-6/);
  });

  it('says so when the bundled list is broken', async () => {
    const { source, cache } = await testSource();
    await expect(useShippedTeacherInBrowser({ ...source, manifest: { version: 2 } }, cache, settings, sizes)).rejects.toThrow(/The list of shipped teachers in this build is broken \(Teacher manifest: version 2 is not 1\)/);
  });

  it('the bundled manifest is valid, and each teacher it lists is in the build and passes its checks', async () => {
    const bundled = bundledShippedTeachers();
    const manifest = parseTeacherManifest(bundled.manifest);
    const dir = join(import.meta.dirname, '..', '..', 'datasets', 'teachers');
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(bundled.manifest);
    const fromDisk: ShippedTeacherSource = { ...bundled, baseUrl: BASE, fetch: async (url) => new Response(readFileSync(join(dir, Object.keys(bundled.fileUrls).find((f) => url.includes(f.replace(/\.bin$/, '')))!))) };
    for (const entry of manifest.teachers.filter((t) => t.engineVersion === ENGINE_VERSION)) {
      expect(bundled.fileUrls[entry.file], `${entry.file} is bundled`).toBeTypeOf('string');
      const definition = { ...findPreset('paper-mnist')!.settings, ...entry.definition } as Settings;
      const { sizes } = await fetchShippedTeacher(fromDisk, entry, teacherSizes(definition));
      expect(sizes).toEqual(teacherSizes(definition));
    }
  });
});
