/**
 * Where a run's teacher came from, and what defines a teacher. Shared by the
 * engine, the worker, the command line and the panels. Pure.
 */
import type { Settings } from './settings';

/**
 * Bumped when a change to the engine or the data makes earlier trained
 * teachers wrong to reuse; stored teachers of another version are ignored.
 * 2: the real MNIST (60,000 / 10,000) replaced the 10,000-digit subset.
 */
export const ENGINE_VERSION = 2;

export type TeacherOrigin =
  /** Trained in this page (or this command) for this run. */
  | { kind: 'trained' }
  /** Trained earlier in this page and kept in memory (same seed and teacher settings). */
  | { kind: 'reused' }
  /** Kept in the browser from an earlier visit. */
  | { kind: 'stored'; savedAt: number }
  /** Shipped with the app: trained by `npm run teachers`. */
  | { kind: 'shipped'; name: string; seed: number; command: string };

/**
 * The settings that shape a teacher's weights (not T, α or the students' data), and your own points when the run
 * has them (its data): a teacher trained on some points is never reused for others. Without own points the key is
 * what it always was, so stored and shipped teachers still match.
 */
export type TeacherDefinition = Pick<Settings, 'dataset' | 'seed' | 'teacherLayers' | 'teacherEpochs' | 'learningRate' | 'teacherBatchSize' | 'teacherDropout' | 'teacherJitter'> & { points?: string };

export function teacherDefinition(settings: Settings): TeacherDefinition {
  const { dataset, seed, teacherLayers, teacherEpochs, learningRate, teacherBatchSize, teacherDropout, teacherJitter, points } = settings;
  return { dataset, seed, teacherLayers, teacherEpochs, learningRate, teacherBatchSize, teacherDropout, teacherJitter, ...(points ? { points } : {}) };
}

/** One string per teacher, in a fixed key order (memory cache and browser storage). */
export function teacherKey(settings: Settings): string {
  return JSON.stringify(teacherDefinition(settings));
}

/** The same key with the run's seed left out: a shipped teacher serves every seed (it says which it was trained with). */
export function teacherKeyWithoutSeed(settings: Settings): string {
  const { seed: _seed, ...rest } = teacherDefinition(settings);
  return JSON.stringify(rest);
}

/** One line for the UI and the command line: "shipped with the app (npm run teachers, seed 1)". */
export function describeTeacherOrigin(origin: TeacherOrigin, formatDate: (ms: number) => string = (ms) => new Date(ms).toLocaleString()): string {
  switch (origin.kind) {
    case 'trained':
      return 'trained now';
    case 'reused':
      return 'trained earlier in this session (same teacher settings)';
    case 'stored':
      return `stored from an earlier visit (${formatDate(origin.savedAt)})`;
    case 'shipped':
      return `shipped with the app (${origin.command}, seed ${origin.seed})`;
  }
}
