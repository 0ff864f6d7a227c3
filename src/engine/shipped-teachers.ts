/**
 * Node: the teachers shipped in datasets/teachers/ (written by `npm run teachers`),
 * read, checked against their manifest and put into a run's teacher cache.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from '../core/settings';
import { findShippedTeacher, parseTeacherManifest, shippedTeacherRecord, verifyShippedTeacher, type ShippedTeacher, type TeacherManifest } from '../core/teacher-manifest';
import { ENGINE_VERSION, teacherKey } from '../core/teacher-origin';
import type { TeacherCache } from './teacher-cache';

export const TEACHERS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'datasets', 'teachers');
export const TEACHER_MANIFEST = 'manifest.json';

/** The manifest (an empty one when there is none yet). */
export function readTeacherManifest(dir: string = TEACHERS_DIR): TeacherManifest {
  const path = join(dir, TEACHER_MANIFEST);
  if (!existsSync(path)) return { version: 1, teachers: [] };
  return parseTeacherManifest(JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * Put the shipped teacher for these settings into the cache, if one is shipped and none is
 * cached yet. Returns the entry used, or null; throws when its file is missing or fails its checks.
 */
export async function useShippedTeacher(cache: TeacherCache, settings: Settings, sizes: readonly number[], dir: string = TEACHERS_DIR): Promise<ShippedTeacher | null> {
  const key = teacherKey(settings);
  const entry = findShippedTeacher(readTeacherManifest(dir), settings, ENGINE_VERSION);
  if (!entry) return null;
  const cached = cache.get(key);
  if (cached) return cached.origin.kind === 'shipped' ? entry : null;
  const path = join(dir, entry.file);
  if (!existsSync(path)) throw new Error(`The shipped teacher ${entry.file} is missing from ${dir} (run npm run teachers, or train it with --train-teacher).`);
  const { weights } = await verifyShippedTeacher(entry, new Uint8Array(readFileSync(path)), sizes);
  cache.set(key, {
    weights,
    ...shippedTeacherRecord(entry),
  });
  return entry;
}
