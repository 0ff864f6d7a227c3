/**
 * What to tell the user when a run goes wrong: the fix that matches the cause. A diverged run with a
 * tiny training T needs T raised, not lowered; a run that "finished" at chance accuracy (a learning
 * rate of 1) needs saying so instead of silence. Pure, tested in Node.
 */
import { studentBaseRate } from './lr-schedule';
import type { Settings } from './settings';

/** Below this T the soft targets (logits / T) are so sharp that the student's loss overflows first. */
const SMALL_T = 0.2;
/** Above this, Adam's steps are large enough to blow up these models (the presets use 0.001–0.01). */
const LARGE_LR = 0.05;

export function divergenceAdvice(model: 'teacher' | string, settings: Pick<Settings, 'temperature' | 'learningRate'> & Partial<Pick<Settings, 'studentLearningRate'>>): string {
  if (model === 'teacher') return `Lower the learning rate (now ${settings.learningRate}; the presets use 0.001–0.01), then train again.`;
  // A student steps at the students' own rate where one is set.
  const own = (settings.studentLearningRate ?? 0) > 0;
  const rate = studentBaseRate(settings);
  const lr = `the ${own ? 'students’ ' : ''}learning rate (now ${rate}; the presets use 0.001–0.01)`;
  if (settings.temperature < SMALL_T) return `Raise the training temperature (now ${settings.temperature}; the paper uses 1–20): divided by so small a T the teacher's logits overflow. Then train again.`;
  if (rate > LARGE_LR) return `Lower ${lr}, then train again.`;
  return `Lower ${lr}, or change the training temperature (now ${settings.temperature}), then train again.`;
}

/**
 * A warning when a finished model is no better than guessing: test accuracy within 1.5× of chance
 * (one over the number of classes); null when all is well.
 */
export function chanceWarning(models: { name: string; testAcc: number }[], classCount: number, settings: Pick<Settings, 'learningRate'> & Partial<Pick<Settings, 'studentLearningRate'>>): string | null {
  const chance = 1 / Math.max(1, classCount);
  const failed = models.filter((m) => m.testAcc <= 1.5 * chance);
  if (failed.length === 0) return null;
  const list = failed.map((m) => `the ${m.name} ${(100 * m.testAcc).toFixed(1)}%`).join(', ');
  const own = (settings.studentLearningRate ?? 0) > 0;
  const causes = [
    settings.learningRate > LARGE_LR ? `The ${own ? 'teacher’s ' : ''}learning rate ${settings.learningRate}` : '',
    own && studentBaseRate(settings) > LARGE_LR ? `The students’ learning rate ${studentBaseRate(settings)}` : '',
  ].filter((c) => c !== '');
  const cause = causes.map((c) => ` ${c} is likely too high (the presets use 0.001–0.01).`).join('');
  return `Finished, but no better than guessing: ${list} test accuracy, where chance is ${(100 * chance).toFixed(1)}%.${cause}`;
}
