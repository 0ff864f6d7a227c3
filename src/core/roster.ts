/**
 * The roster of a run: which students it trains, derived from its settings,
 * and the one place student ids, labels and metric types are defined. Every
 * student of one architecture starts from the same weights and sees the same
 * batches; they differ only in their targets (and, for the omitted-class and
 * kept-classes experiments, in classes whose examples they never learn from). The
 * engine trains the students of one architecture as one stacked model.
 */
import { DATASET_CLASS_COUNTS, SWEEP_TEMPERATURES, keptClassList, type Settings } from './settings';

/** Per-model figures, read back every few epochs; shared by engine, worker, UI and command line. */
export interface ModelMetrics {
  /** Training loss on the model's whole training data at the end of the epoch (no dropout or jitter). */
  loss: number;
  /** Accuracy on the data the model trained on (the transfer set for students). */
  trainAcc: number;
  testAcc: number;
}

/** The phases a run goes through; 'teacher' and 'students' are the ones that train. */
export type Phase = 'teacher' | 'students' | 'done';
export type TrainingPhase = Exclude<Phase, 'done'>;

/** The compare mode's students. */
export const HARD = 'hard';
export const SOFT = 'soft';
/** The omitted-class reference: same net and targets, every class seen (not trained when only some classes are kept). */
export const SOFT_ALL = 'soft-all';
/** With a label-smoothed teacher: the same soft student, taught by the teacher's unsmoothed twin instead. */
export const SOFT_UNSMOOTHED = 'soft-unsmoothed';
export type CompareStudentId = typeof HARD | typeof SOFT | typeof SOFT_ALL | typeof SOFT_UNSMOOTHED;

/** A sweep's two student sizes. */
export const SWEEP_SIZES = ['normal', 'tiny'] as const;
export type SweepSize = (typeof SWEEP_SIZES)[number];

/** A sweep student's id: its size and 'hard' or its temperature. */
export function sweepStudentId(size: SweepSize, target: 'hard' | number): string {
  return target === 'hard' ? `${size}-hard` : `${size}-T${target}`;
}

/** Display names of the compared pair and the reference student (titles in panels and legends). */
export const STUDENT_TITLES: Record<CompareStudentId, string> = {
  [HARD]: 'Hard-label student',
  [SOFT]: 'Soft-target student',
  [SOFT_ALL]: 'Soft student that saw every class',
  [SOFT_UNSMOOTHED]: 'Soft student of the unsmoothed teacher',
};

/** The two students every compare panel sets side by side. */
export const COMPARED_STUDENTS = [HARD, SOFT] as const;

/** A soft student learns from the run's teacher, or (`fromTwin`) from the unsmoothed twin of a label-smoothed teacher. */
export type StudentTarget = { kind: 'hard' } | { kind: 'soft'; temperature: number; alpha: number; fromTwin?: true };

export interface StudentSpec {
  id: string;
  label: string;
  /** Hidden layers, e.g. "64-64"; students with equal layers train as one stacked model. */
  layers: string;
  target: StudentTarget;
  /** Classes whose examples this student never learns from (weight 0, or left out of the transfer set); [] for none. */
  ignoredClasses: readonly number[];
}

/**
 * The classes the run's students never learn from: the omitted class, or every class
 * but the kept ones; [] when they see every class.
 */
export function ignoredClassesOf(settings: Settings): number[] {
  if (settings.omittedClass >= 0) return [settings.omittedClass];
  const kept = keptClassList(settings.keptClasses);
  if (kept.length === 0) return [];
  return Array.from({ length: DATASET_CLASS_COUNTS[settings.dataset] }, (_, k) => k).filter((k) => !kept.includes(k));
}

export function studentSpecs(settings: Settings): StudentSpec[] {
  const { temperature, alpha, omittedClass } = settings;
  const ignored = ignoredClassesOf(settings);
  if (settings.mode === 'sweep') {
    const layersOfSize: Record<SweepSize, string> = { normal: settings.studentLayers, tiny: settings.tinyLayers };
    return SWEEP_SIZES.flatMap((size) => {
      const layers = layersOfSize[size];
      return [
        { id: sweepStudentId(size, 'hard'), label: `${size} ${layers}, hard labels`, layers, target: { kind: 'hard' } as const, ignoredClasses: ignored },
        ...SWEEP_TEMPERATURES.map((T) => ({
          id: sweepStudentId(size, T),
          label: `${size} ${layers}, soft at T = ${T}`,
          layers,
          target: { kind: 'soft', temperature: T, alpha } as const,
          ignoredClasses: ignored,
        })),
      ];
    });
  }
  const layers = settings.studentLayers;
  const students: StudentSpec[] = [
    { id: HARD, label: STUDENT_TITLES[HARD], layers, target: { kind: 'hard' }, ignoredClasses: ignored },
    { id: SOFT, label: STUDENT_TITLES[SOFT], layers, target: { kind: 'soft', temperature, alpha }, ignoredClasses: ignored },
  ];
  // With one class omitted, a reference student that sees it too (it costs little: the transfer set is the same).
  // With only some classes kept there is none: it would need every class's examples, several times the kept
  // students' transfer set, and the teacher already shows what a net that saw every class gets.
  if (omittedClass >= 0) students.push({ id: SOFT_ALL, label: STUDENT_TITLES[SOFT_ALL], layers, target: { kind: 'soft', temperature, alpha }, ignoredClasses: [] });
  // With a label-smoothed teacher, the same soft student taught by its unsmoothed twin: the two differ only in their teacher.
  if (settings.teacherLabelSmoothing > 0) {
    students.push({ id: SOFT_UNSMOOTHED, label: STUDENT_TITLES[SOFT_UNSMOOTHED], layers, target: { kind: 'soft', temperature, alpha, fromTwin: true }, ignoredClasses: ignored });
  }
  return students;
}

/** Students grouped by architecture, in roster order: each group trains as one stacked model. */
export function studentGroups(specs: readonly StudentSpec[]): { layers: string; members: StudentSpec[] }[] {
  const groups = new Map<string, StudentSpec[]>();
  for (const spec of specs) groups.set(spec.layers, [...(groups.get(spec.layers) ?? []), spec]);
  return [...groups].map(([layers, members]) => ({ layers, members }));
}

/** Temperatures whose soft targets from the run's teacher a run needs (one tensor each). */
export function softTemperatures(specs: readonly StudentSpec[]): number[] {
  return [...new Set(specs.flatMap((s) => (s.target.kind === 'soft' && !s.target.fromTwin ? [s.target.temperature] : [])))];
}

/** Temperatures whose soft targets from the unsmoothed twin a run needs (none without label smoothing). */
export function twinSoftTemperatures(specs: readonly StudentSpec[]): number[] {
  return [...new Set(specs.flatMap((s) => (s.target.kind === 'soft' && s.target.fromTwin ? [s.target.temperature] : [])))];
}
