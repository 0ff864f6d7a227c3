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
 * The settings that shape a teacher's weights (not T, α or the students' data). Label smoothing, the learning-rate
 * anneal and your own points (the run's data) are written only when used: a smoothed or annealed teacher, or one
 * trained on some points, is a different teacher, and every teacher defined before they existed (shipped or kept
 * in a browser) keeps its key.
 */
export type TeacherDefinition = Pick<Settings, 'dataset' | 'seed' | 'teacherLayers' | 'teacherEpochs' | 'learningRate' | 'teacherBatchSize' | 'teacherDropout' | 'teacherJitter'> &
  Partial<Pick<Settings, 'teacherLabelSmoothing' | 'teacherAnneal' | 'points'>>;

export function teacherDefinition(settings: Settings): TeacherDefinition {
  const { dataset, seed, teacherLayers, teacherEpochs, learningRate, teacherBatchSize, teacherDropout, teacherJitter, teacherLabelSmoothing, teacherAnneal, points } = settings;
  const definition: TeacherDefinition = { dataset, seed, teacherLayers, teacherEpochs, learningRate, teacherBatchSize, teacherDropout, teacherJitter };
  if (teacherLabelSmoothing > 0) definition.teacherLabelSmoothing = teacherLabelSmoothing;
  if (teacherAnneal > 0) definition.teacherAnneal = teacherAnneal;
  if (points) definition.points = points;
  return definition;
}

/** The settings with a teacher definition's values in place (a definition without ε has none, without anneal a constant rate, without points the dataset's). */
export function withTeacherDefinition(settings: Settings, definition: TeacherDefinition): Settings {
  return { ...settings, teacherLabelSmoothing: 0, teacherAnneal: 0, points: '', ...definition };
}

/**
 * A run with label smoothing also has its twin: the same teacher without smoothing (same initial weights,
 * batches, dropout and jitter), whose soft targets and dark-knowledge matrix it sets beside the smoothed one's.
 * Null when the run's teacher is not smoothed.
 */
export function twinTeacherSettings(settings: Settings): Settings | null {
  return settings.teacherLabelSmoothing > 0 ? { ...settings, teacherLabelSmoothing: 0 } : null;
}

/** The run's teacher and, for a smoothed one, its twin: the teachers it needs, main first. */
export function runTeacherSettings(settings: Settings): Settings[] {
  const twin = twinTeacherSettings(settings);
  return twin ? [settings, twin] : [settings];
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
