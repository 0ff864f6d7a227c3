/**
 * Which students a run trains, derived from its settings. Every student of
 * one architecture starts from the same weights and sees the same batches;
 * they differ only in their targets (and, for the omitted-class experiment,
 * in a class whose examples carry no weight for them).
 */
import { SWEEP_TEMPERATURES, type Settings } from './settings';

export type StudentTarget = { kind: 'hard' } | { kind: 'soft'; temperature: number; alpha: number };

export interface StudentSpec {
  id: string;
  label: string;
  layers: string;
  target: StudentTarget;
  /** Examples of this class get weight 0 for this student; −1 for none. */
  omitsClass: number;
}

export function studentSpecs(settings: Settings): StudentSpec[] {
  const { temperature, alpha, omittedClass } = settings;
  if (settings.mode === 'sweep') {
    const sizes = [
      ['normal', settings.studentLayers],
      ['tiny', settings.tinyLayers],
    ] as const;
    return sizes.flatMap(([size, layers]) => [
      { id: `${size}-hard`, label: `${size} ${layers}, hard labels`, layers, target: { kind: 'hard' } as const, omitsClass: omittedClass },
      ...SWEEP_TEMPERATURES.map((T) => ({
        id: `${size}-T${T}`,
        label: `${size} ${layers}, soft at T = ${T}`,
        layers,
        target: { kind: 'soft', temperature: T, alpha } as const,
        omitsClass: omittedClass,
      })),
    ]);
  }
  const students: StudentSpec[] = [
    { id: 'hard', label: 'Hard-label student', layers: settings.studentLayers, target: { kind: 'hard' }, omitsClass: omittedClass },
    { id: 'soft', label: 'Soft-target student', layers: settings.studentLayers, target: { kind: 'soft', temperature, alpha }, omitsClass: omittedClass },
  ];
  if (omittedClass >= 0) {
    // The reference the omitted-class result is judged against: same net, same targets, every class seen.
    students.push({ id: 'soft-all', label: 'Soft student that saw every class', layers: settings.studentLayers, target: { kind: 'soft', temperature, alpha }, omitsClass: -1 });
  }
  return students;
}

/** Temperatures whose soft targets a run needs (one tensor each). */
export function softTemperatures(specs: readonly StudentSpec[]): number[] {
  return [...new Set(specs.flatMap((s) => (s.target.kind === 'soft' ? [s.target.temperature] : [])))];
}
