/**
 * Where a run's teacher comes from, decided in the worker before the run
 * starts: the memory cache (same key) → the teachers stored in this browser
 * (same key) → the shipped teachers (same definition, any seed) → train.
 * Whatever is found goes into the memory cache, where DistillationRun finds it.
 */
import { runModels } from '../src/core/backend-calibration';
import type { Settings } from '../src/core/settings';
import { runTeacherSettings, teacherKey } from '../src/core/teacher-origin';
import type { TeacherCache, TeacherSnapshot } from '../src/engine/teacher-cache';
import type { TeacherStore } from './teacher-store';

export type TeacherSource = 'memory' | 'stored' | 'shipped' | 'train';

export interface TeacherLookup {
  cache: TeacherCache;
  store: Pick<TeacherStore, 'load'>;
  /** Put the shipped teacher for these settings into the cache; null when none is shipped; throws when it is broken. */
  useShipped: (cache: TeacherCache, settings: Settings, sizes: readonly number[]) => Promise<unknown>;
}

/** The teacher's layer sizes, input first (known from the settings alone, before the data loads). */
export const teacherSizes = (settings: Settings): number[] => runModels(settings).teacher.sizes;

/**
 * A teacher in the tab's memory: 'memory' once its numbers were computed in this page; a shipped or stored one that no
 * run has evaluated yet keeps its source, since the next run evaluates it first (engine/teacher-check.ts; the long-run
 * estimate counts that).
 */
function cachedSource(snapshot: TeacherSnapshot): TeacherSource {
  if (snapshot.evaluatedHere || (snapshot.origin.kind !== 'shipped' && snapshot.origin.kind !== 'stored')) return 'memory';
  return snapshot.origin.kind;
}

/** Where a run's teachers come from, taken together: 'train' when any of them trains, else the teacher's own source. */
function together(sources: TeacherSource[]): TeacherSource {
  return sources.includes('train') ? 'train' : sources[0]!;
}

/**
 * Fill the cache for this run: its teacher and, for a label-smoothed one, its unsmoothed twin (each looked
 * up on its own). With `trainLive` all three are skipped (the cached teachers are dropped), so the run
 * trains them; the worker then stores them, replacing the stored ones. Throws ShippedTeacherError for a
 * broken shipped teacher (the run must not start on it).
 */
export async function prepareTeacher(lookup: TeacherLookup, settings: Settings, trainLive: boolean): Promise<TeacherSource> {
  const sources: TeacherSource[] = [];
  for (const teacher of runTeacherSettings(settings)) sources.push(await prepareOneTeacher(lookup, teacher, trainLive));
  return together(sources);
}

async function prepareOneTeacher(lookup: TeacherLookup, settings: Settings, trainLive: boolean): Promise<TeacherSource> {
  const { cache, store, useShipped } = lookup;
  const key = teacherKey(settings);
  if (trainLive) {
    cache.delete(key);
    return 'train';
  }
  const cached = cache.get(key);
  if (cached) return cachedSource(cached);
  const sizes = teacherSizes(settings);
  const stored = await store.load(key, sizes);
  if (stored) {
    cache.set(key, { weights: stored.weights, metrics: stored.metrics, origin: { kind: 'stored', savedAt: stored.savedAt } });
    return 'stored';
  }
  if (await useShipped(cache, settings, sizes)) return 'shipped';
  return 'train';
}

/**
 * Where this run's teacher will come from, known before the run starts and
 * without downloading anything: the memory cache, a teacher stored in this
 * browser (loaded into the cache, as `prepareTeacher` would), or a shipped one
 * that `hasShipped` finds in the bundled manifest (its file is fetched and
 * checked only when the run starts). With `trainLive`, 'train'; nothing is dropped.
 */
export async function findReadyTeacher(lookup: Pick<TeacherLookup, 'cache' | 'store'>, hasShipped: (settings: Settings) => boolean, settings: Settings, trainLive: boolean): Promise<TeacherSource> {
  if (trainLive) return 'train';
  const sources: TeacherSource[] = [];
  for (const teacher of runTeacherSettings(settings)) sources.push(await findOneReadyTeacher(lookup, hasShipped, teacher));
  return together(sources);
}

async function findOneReadyTeacher(lookup: Pick<TeacherLookup, 'cache' | 'store'>, hasShipped: (settings: Settings) => boolean, settings: Settings): Promise<TeacherSource> {
  const { cache, store } = lookup;
  const key = teacherKey(settings);
  const cached = cache.get(key);
  if (cached) return cachedSource(cached);
  const stored = await store.load(key, teacherSizes(settings));
  if (stored) {
    cache.set(key, { weights: stored.weights, metrics: stored.metrics, origin: { kind: 'stored', savedAt: stored.savedAt } });
    return 'stored';
  }
  return hasShipped(settings) ? 'shipped' : 'train';
}
