/**
 * The teacher's and the students' learning-rate schedules. With `teacherAnneal` 0 (the default) every epoch of the
 * teacher uses `learningRate`; with 1 the rate follows a cosine from `learningRate` towards 0 over the teacher's
 * epochs (Loshchilov & Hutter 2017, without restarts), set once per epoch: epoch e of E (0-based) uses
 * lr · ½(1 + cos(π·e/E)), so the first epoch uses the full rate and the last one lr · ½(1 − cos(π/E)) (0.04% of it
 * at 80 epochs). The students start from their own rate, `studentLearningRate` (or `learningRate` where that is 0,
 * the default); `studentAnneal` anneals it the same way over their own epochs (one schedule for every student of a
 * run); 0, the default, keeps it constant. Pure.
 */
import type { Settings } from './settings';

/** The cosine factor of epoch `epoch` (0-based) of `epochs`: 1 at the first epoch, falling towards 0. */
export function cosineFactor(epoch: number, epochs: number): number {
  if (!Number.isInteger(epoch) || !Number.isInteger(epochs) || epochs < 1 || epoch < 0 || epoch >= epochs) {
    throw new RangeError(`Epoch ${epoch} is not one of 0–${epochs - 1}.`);
  }
  return 0.5 * (1 + Math.cos((Math.PI * epoch) / epochs));
}

/** The learning rate the teacher trains its epoch `epoch` (0-based) with. */
export function teacherLearningRate(settings: Pick<Settings, 'learningRate' | 'teacherEpochs' | 'teacherAnneal'>, epoch: number): number {
  const factor = cosineFactor(epoch, settings.teacherEpochs);
  return settings.teacherAnneal > 0 ? settings.learningRate * factor : settings.learningRate;
}

type StudentRateSettings = Pick<Settings, 'learningRate' | 'studentEpochs' | 'studentAnneal'> & Partial<Pick<Settings, 'studentLearningRate'>>;

/** The students' rate before any schedule: `studentLearningRate`, or the shared `learningRate` where that is 0 or absent. */
export function studentBaseRate(settings: Pick<Settings, 'learningRate'> & Partial<Pick<Settings, 'studentLearningRate'>>): number {
  return settings.studentLearningRate !== undefined && settings.studentLearningRate > 0 ? settings.studentLearningRate : settings.learningRate;
}

/** The learning rate every student trains its epoch `epoch` (0-based) with. */
export function studentLearningRate(settings: StudentRateSettings, epoch: number): number {
  const factor = cosineFactor(epoch, settings.studentEpochs);
  const rate = studentBaseRate(settings);
  return settings.studentAnneal > 0 ? rate * factor : rate;
}
