/** Which training examples the students learn from: pure, known before any tensor exists. */
import { stratifiedSubset } from '../../datasets/subset';
import { studentSpecs, type StudentSpec } from './roster';
import type { Settings } from './settings';

/**
 * The students' transfer set, as indices into the training set: a stratified, seeded share of it
 * (studentFraction), less the examples of classes that no student learns from (with only 7s and 8s
 * kept, just the 7s and 8s). A class that some students ignore and others learn stays in, with
 * weight 0 for those that ignore it, so every student still sees the same batches.
 */
export function transferIndicesFor(settings: Settings, trainLabels: Int32Array, classes: number, specs: readonly StudentSpec[] = studentSpecs(settings)): Int32Array {
  const unseen = new Set(Array.from({ length: classes }, (_, k) => k).filter((k) => specs.every((s) => s.ignoredClasses.includes(k))));
  const chosen = stratifiedSubset(trainLabels, classes, settings.studentFraction, settings.seed);
  return unseen.size === 0 ? chosen : chosen.filter((i) => !unseen.has(trainLabels[i]!));
}
