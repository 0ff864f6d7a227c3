/**
 * The teachers shipped in datasets/teachers/: every file is there, passes its
 * checksum, and gives exactly the test errors its manifest states when loaded
 * and evaluated here (on the backend the manifest says they were counted on).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../datasets/index';
import { nodeDigitsSource } from '../../datasets/digits/node-source';
import { DEFAULT_SETTINGS, layersOf } from '../../src/core/settings';
import { verifyShippedTeacher } from '../../src/core/teacher-manifest';
import { ENGINE_VERSION, teacherKey } from '../../src/core/teacher-origin';
import { shippedTeacherPlan } from '../../src/core/teacher-plan';
import { useNodeBackend, type NodeBackend } from '../../src/engine/node-backend';
import { readTeacherManifest, TEACHERS_DIR, useShippedTeacher } from '../../src/engine/shipped-teachers';
import type { TeacherCache } from '../../src/engine/teacher-cache';
import { countErrors } from '../../src/engine/teacher-eval';

const manifest = readTeacherManifest();

describe('shipped teachers', () => {
  it('ships one teacher for every digit-preset teacher, for this engine version', () => {
    const names = manifest.teachers.map((t) => t.name).sort();
    expect(names).toEqual(shippedTeacherPlan().map((p) => p.name).sort());
    for (const t of manifest.teachers) expect(t.engineVersion).toBe(ENGINE_VERSION);
  });

  it.each(manifest.teachers.map((t) => [t.name, t] as const))('%s: checksum, sizes and test errors equal the manifest', async (_name, entry) => {
    const settings = { ...DEFAULT_SETTINGS, ...entry.definition };
    const dataset = await loadDataset(settings.dataset, settings.seed, nodeDigitsSource);
    const sizes = [dataset.inputSize, ...layersOf(settings.teacherLayers), dataset.classNames.length];
    const path = join(TEACHERS_DIR, entry.file);
    expect(existsSync(path)).toBe(true);
    const { weights } = await verifyShippedTeacher(entry, new Uint8Array(readFileSync(path)), sizes);
    await useNodeBackend(entry.evaluatedOn as NodeBackend);
    expect(await countErrors(sizes, weights, dataset.testX, dataset.testY)).toBe(entry.testErrors);
    expect(entry.testCount).toBe(dataset.testY.length);
    expect(entry.testAcc).toBeCloseTo(1 - entry.testErrors / entry.testCount, 10);
  }, 120_000);

  it('puts a shipped teacher into a run for any seed, and refuses an altered file', async () => {
    const entry = manifest.teachers[0]!;
    const settings = { ...DEFAULT_SETTINGS, ...entry.definition, seed: 7 };
    const dataset = await loadDataset(settings.dataset, 1, nodeDigitsSource);
    const sizes = [dataset.inputSize, ...layersOf(settings.teacherLayers), dataset.classNames.length];
    const cache: TeacherCache = new Map();
    expect(await useShippedTeacher(cache, settings, sizes)).toEqual(entry);
    expect(cache.get(teacherKey(settings))?.origin).toEqual({ kind: 'shipped', name: entry.name, seed: entry.definition.seed, command: 'npm run teachers' });
    const bytes = new Uint8Array(readFileSync(join(TEACHERS_DIR, entry.file)));
    bytes[bytes.length - 5]! ^= 0xff;
    await expect(verifyShippedTeacher(entry, bytes, sizes)).rejects.toThrow(/fails its checksum/);
    await expect(useShippedTeacher(new Map(), settings, sizes, '/nonexistent-dir')).resolves.toBeNull();
    const withoutFiles = mkdtempSync(join(tmpdir(), 'dkl-teachers-'));
    writeFileSync(join(withoutFiles, 'manifest.json'), JSON.stringify(manifest));
    await expect(useShippedTeacher(new Map(), settings, sizes, withoutFiles)).rejects.toThrow(/is missing/);
  }, 60_000);
});
