/**
 * The teachers kept in this browser across visits, as the controller handles
 * them: a run's freshly trained teachers saved (in the background, so the
 * students are not held up), and "Forget stored teachers" (storage and the
 * worker's memory cache alike).
 */
import type { Settings } from '../src/core/settings';
import { runTeacherSettings, teacherKey } from '../src/core/teacher-origin';
import type { TeacherCache } from '../src/engine/teacher-cache';
import { teacherSizes } from './teacher-lookup';
import type { TeacherStore } from './teacher-store';

/**
 * Keep the teachers a run with these settings trained (replacing stored ones), without waiting for storage:
 * its teacher (`onStored` is told when it is saved) and a label-smoothed teacher's unsmoothed twin.
 */
export function keepTeachers(cache: TeacherCache, store: Pick<TeacherStore, 'save'>, settings: Settings, onStored: (savedAt: number) => void): void {
  runTeacherSettings(settings).forEach((teacher, i) => {
    const snapshot = cache.get(teacherKey(teacher));
    if (!snapshot || snapshot.origin.kind !== 'trained') return;
    void store
      .save(teacherKey(teacher), { sizes: teacherSizes(teacher), weights: snapshot.weights }, snapshot.metrics)
      .then((savedAt) => {
        if (savedAt !== null && i === 0) onStored(savedAt);
      })
      .catch(() => undefined);
  });
}

/** Forget every stored teacher and the memory cache; resolves to how many teachers were forgotten. */
export async function forgetTeachers(cache: TeacherCache, store: Pick<TeacherStore, 'forget'>): Promise<number> {
  const inMemory = [...cache].filter(([, snapshot]) => snapshot.origin.kind !== 'shipped').map(([key]) => key);
  cache.clear();
  const stored = await store.forget();
  return new Set([...inMemory, ...stored]).size;
}
