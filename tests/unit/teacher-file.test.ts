import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { decodeTeacher, encodeTeacher, sha256Hex } from '../../src/core/teacher-file';
import { findShippedTeacher, parseTeacherManifest, verifyShippedTeacher, type ShippedTeacher } from '../../src/core/teacher-manifest';
import { describeTeacherOrigin, ENGINE_VERSION, teacherDefinition, teacherKey, teacherKeyWithoutSeed, twinTeacherSettings } from '../../src/core/teacher-origin';
import { shippedTeacherPlan } from '../../src/core/teacher-plan';
import { findPreset } from '../../src/core/presets';

const sizes = [3, 4, 2];
const weights = [Float32Array.from({ length: 12 }, (_, i) => i / 7 - 0.5), Float32Array.from([0.1, -0.2, 0.3, 1e-8]), Float32Array.from({ length: 8 }, (_, i) => -i * 1.5), Float32Array.from([3.25, -1])];

function entryFor(bytes: Uint8Array, sha256: string): ShippedTeacher {
  const settings = { ...DEFAULT_SETTINGS, dataset: 'digits-14' as const, teacherLayers: '4' };
  return {
    name: 'digits-14-4-e30', file: 'digits-14-4-e30.bin', bytes: bytes.length, sha256, definition: teacherDefinition(settings), engineVersion: ENGINE_VERSION,
    command: 'npm run teachers', trainedOn: 'wasm', evaluatedOn: 'wasm', seconds: 1, loss: 0.1, trainAcc: 0.99, testAcc: 0.98, testErrors: 200, testCount: 10000, createdAt: '2026-11-26T00:00:00.000Z',
  };
}

describe('teacher files', () => {
  it('round-trips sizes and every weight exactly', () => {
    const decoded = decodeTeacher(encodeTeacher({ sizes, weights }));
    expect(decoded.sizes).toEqual(sizes);
    decoded.weights.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(weights[i]!)));
  });

  it('refuses what is not a teacher file, with a message', () => {
    const bytes = encodeTeacher({ sizes, weights });
    expect(() => decodeTeacher(bytes.slice(0, 8))).toThrow(/Not a teacher file/);
    expect(() => decodeTeacher(bytes.slice(0, bytes.length - 4))).toThrow(/should be \d+ bytes/);
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 0x58;
    expect(() => decodeTeacher(wrongMagic)).toThrow(/magic/);
    const hugeLayers = bytes.slice();
    new DataView(hugeLayers.buffer).setUint32(8, 1000, true);
    expect(() => decodeTeacher(hugeLayers)).toThrow(/layer sizes/);
    expect(() => encodeTeacher({ sizes, weights: weights.slice(1) })).toThrow(/do not match/);
  });

  it('checksums with SHA-256 (the known digest of "abc")', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('the shipped-teacher manifest', () => {
  it('verifies length, checksum and sizes before decoding', async () => {
    const bytes = encodeTeacher({ sizes, weights });
    const entry = entryFor(bytes, await sha256Hex(bytes));
    expect((await verifyShippedTeacher(entry, bytes, sizes)).sizes).toEqual(sizes);
    const altered = bytes.slice();
    altered[bytes.length - 1]! ^= 1;
    await expect(verifyShippedTeacher(entry, altered, sizes)).rejects.toThrow(/fails its checksum/);
    await expect(verifyShippedTeacher(entry, bytes.slice(1), sizes)).rejects.toThrow(/bytes, the manifest says/);
    await expect(verifyShippedTeacher(entry, bytes, [3, 5, 2])).rejects.toThrow(/the run needs 3-5-2/);
  });

  it('parses a good manifest and names the first bad field of a broken one', async () => {
    const bytes = encodeTeacher({ sizes, weights });
    const entry = entryFor(bytes, await sha256Hex(bytes));
    expect(parseTeacherManifest({ version: 1, teachers: [entry] }).teachers).toHaveLength(1);
    expect(() => parseTeacherManifest(null)).toThrow(/not an object/);
    expect(() => parseTeacherManifest({ version: 2, teachers: [] })).toThrow(/version 2/);
    expect(() => parseTeacherManifest({ version: 1, teachers: [{ ...entry, testErrors: 'many' }] })).toThrow(/"testErrors" is not a number/);
    expect(() => parseTeacherManifest({ version: 1, teachers: [{ ...entry, file: '../../etc/passwd' }] })).toThrow(/not allowed/);
  });

  it('matches a shipped teacher on its definition, whatever the run seed, and only for this engine version', async () => {
    const bytes = encodeTeacher({ sizes, weights });
    const entry = entryFor(bytes, await sha256Hex(bytes));
    const manifest = { version: 1 as const, teachers: [entry] };
    const settings = { ...DEFAULT_SETTINGS, ...entry.definition };
    expect(findShippedTeacher(manifest, { ...settings, seed: 7, temperature: 13 }, ENGINE_VERSION)).toBe(entry);
    expect(findShippedTeacher(manifest, { ...settings, teacherEpochs: 31 }, ENGINE_VERSION)).toBeUndefined();
    expect(findShippedTeacher(manifest, settings, ENGINE_VERSION + 1)).toBeUndefined();
    // A label-smoothed teacher is another teacher: an entry without ε never serves it, and one with ε only it.
    expect(findShippedTeacher(manifest, { ...settings, teacherLabelSmoothing: 0.1 }, ENGINE_VERSION)).toBeUndefined();
    const smoothed = { ...entry, name: 'smoothed', definition: { ...entry.definition, teacherLabelSmoothing: 0.1 } };
    expect(findShippedTeacher({ version: 1, teachers: [smoothed] }, { ...settings, teacherLabelSmoothing: 0.1 }, ENGINE_VERSION)).toBe(smoothed);
    expect(findShippedTeacher({ version: 1, teachers: [smoothed] }, settings, ENGINE_VERSION)).toBeUndefined();
  });
});

describe('teacher keys and origins', () => {
  it('keys a teacher by what shapes it, not by T, α or the students', () => {
    const a = { ...DEFAULT_SETTINGS };
    expect(teacherKey({ ...a, temperature: 9, alpha: 0.1, studentLayers: '8', studentFraction: 0.5 })).toBe(teacherKey(a));
    expect(teacherKey({ ...a, seed: 2 })).not.toBe(teacherKey(a));
    expect(teacherKeyWithoutSeed({ ...a, seed: 2 })).toBe(teacherKeyWithoutSeed(a));
    expect(teacherKey({ ...a, teacherDropout: 0.5 })).not.toBe(teacherKey(a));
    // Label smoothing makes another teacher; without it the key is the one written before ε existed.
    expect(teacherKey({ ...a, teacherLabelSmoothing: 0.1 })).not.toBe(teacherKey(a));
    expect(teacherKey({ ...a, teacherLabelSmoothing: 0.1 })).not.toBe(teacherKey({ ...a, teacherLabelSmoothing: 0.2 }));
    expect(JSON.parse(teacherKey(a))).not.toHaveProperty('teacherLabelSmoothing');
    expect(twinTeacherSettings(a)).toBeNull();
    expect(twinTeacherSettings({ ...a, teacherLabelSmoothing: 0.1 })).toEqual(a);
  });

  it('says where a teacher came from', () => {
    expect(describeTeacherOrigin({ kind: 'trained' })).toBe('trained now');
    expect(describeTeacherOrigin({ kind: 'shipped', name: 'x', seed: 1, command: 'npm run teachers' })).toBe('shipped with the app (npm run teachers, seed 1)');
    expect(describeTeacherOrigin({ kind: 'stored', savedAt: 0 }, () => '1 Jan 1970')).toBe('stored from an earlier visit (1 Jan 1970)');
  });

  it('ships one teacher per distinct digit teacher, and every digit preset has one', () => {
    const plan = shippedTeacherPlan();
    expect(new Set(plan.map((p) => p.name)).size).toBe(plan.length);
    const covered = plan.flatMap((p) => p.presets);
    for (const name of covered) expect(plan.some((p) => teacherKeyWithoutSeed(p.settings) === teacherKeyWithoutSeed(findPreset(name)!.settings))).toBe(true);
    expect(covered).toContain('paper-mnist');
  });
});
