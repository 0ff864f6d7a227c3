/**
 * The progress bar's words: what the run is doing and how long it has left,
 * from the times its epochs arrived ("Teacher: shipped · Students: epoch 12
 * of 40 · about 6 s left"). Pure: the page records the arrivals
 * (state/progress-clock.svelte.ts), this turns them into seconds and text.
 */
import type { RunEstimate } from './run-estimate';
import type { TrainingPhase } from './roster';
import type { TeacherOrigin } from './teacher-origin';

/** An epoch of a phase finished and was reported at `at` (ms). */
export interface EpochMark {
  epoch: number;
  at: number;
  /** The first report after a pause (or a Step): the time since the mark before it is not timed. */
  afterPause?: boolean;
  /** The worker's own time on this epoch (from its previous report, or from when training began or resumed: never a pause, and no delay of the page's), when it said. */
  workerSeconds?: number;
}

/** One phase of a run: its epochs in all, and the reports of those finished, in order. */
export interface PhaseMarks {
  total: number;
  marks: readonly EpochMark[];
}

export interface TimeLeftInput {
  phase: TrainingPhase | null;
  teacher: PhaseMarks;
  students: PhaseMarks;
  /** The up-front estimate on the run's backend, when there is one. */
  estimate?: RunEstimate | null;
}

/** Per-epoch times from at most this many recent epochs: later epochs say more than the first ones. */
export const RECENT_EPOCHS = 20;
/** Fewer timed epochs than RECENT_EPOCHS are trusted only once they took this long (reports can come in bursts). */
const MIN_TIMED_SECONDS = 1;

const isCount = (n: number) => Number.isInteger(n) && n > 0;

/**
 * Seconds per epoch measured in one phase: the time the recent timed epochs
 * took over their number, leaving out the phase's first timed epoch (often
 * slower: kernels compile, the page draws the teacher's results). The first
 * report of a phase, and the first after a pause, only start the clock.
 * Reports arrive in bursts when the page is busy, so single gaps mean little:
 * null until the epochs timed (besides that first) took a second, or are RECENT_EPOCHS.
 */
export function secondsPerEpoch(marks: readonly EpochMark[]): number | null {
  const timed: { epochs: number; seconds: number }[] = [];
  for (let i = 1; i < marks.length; i++) {
    const [a, b] = [marks[i - 1]!, marks[i]!];
    const epochs = b.epoch - a.epoch;
    const seconds = (b.at - a.at) / 1000;
    if (b.afterPause || !isCount(epochs) || !Number.isFinite(seconds) || seconds < 0) continue;
    timed.push({ epochs, seconds });
  }
  const recent = timed.slice(1).slice(-RECENT_EPOCHS);
  const epochs = recent.reduce((sum, t) => sum + t.epochs, 0);
  const seconds = recent.reduce((sum, t) => sum + t.seconds, 0);
  return epochs > 0 && (seconds >= MIN_TIMED_SECONDS || epochs >= RECENT_EPOCHS) ? seconds / epochs : null;
}

/** An epoch whose report carries a usable time of the worker's. */
const timedByWorker = (m: EpochMark): boolean => m.workerSeconds !== undefined && Number.isFinite(m.workerSeconds) && m.workerSeconds >= 0;

/**
 * Seconds per epoch as the worker timed them: the mean of the recent epochs' workerSeconds, leaving out the phase's
 * first while later ones are timed (it compiles kernels; the students' first also makes the soft targets, and a
 * shipped teacher's is preceded by its evaluation). Unlike arrivals in the page, these come without the page's bursts,
 * so one epoch is enough: they stand in until arrivals are timed, early in a phase and after a Step (whose epoch's
 * arrival times nothing). Null when no epoch says.
 */
export function workerSecondsPerEpoch(marks: readonly EpochMark[]): number | null {
  const timed = marks.filter(timedByWorker);
  const later = timed.filter((m) => m.epoch > 1);
  const used = (later.length > 0 ? later : timed).slice(-RECENT_EPOCHS);
  return used.length > 0 ? used.reduce((sum, m) => sum + m.workerSeconds!, 0) / used.length : null;
}

/** Epochs of a phase still to train; null for nonsense (no total, a report beyond it). */
function epochsLeft({ total, marks }: PhaseMarks): number | null {
  const done = marks.at(-1)?.epoch ?? 0;
  if (!isCount(total) || !Number.isInteger(done) || done < 0 || done > total) return null;
  return total - done;
}

/**
 * Seconds left of the whole run: the current phase's epochs left at its
 * measured time per epoch (the worker's own timing until arrivals are
 * timed, the estimate's until an epoch has ended), and during
 * the teacher's phase the students' phase after it by the estimate. Null
 * when that cannot be known without guessing: no phase, nonsense, or
 * nothing timed and no estimate.
 */
export function secondsLeft({ phase, teacher, students, estimate }: TimeLeftInput): number | null {
  if (!phase) return null;
  const current = phase === 'teacher' ? teacher : students;
  const left = epochsLeft(current);
  if (left === null) return null;
  const perEpoch = secondsPerEpoch(current.marks) ?? earlyPerEpoch(current.marks, estimate ? estimatedPerEpoch(estimate, phase) : null);
  if (perEpoch === null || !Number.isFinite(perEpoch) || perEpoch < 0) return null;
  if (phase === 'students') return perEpoch * left;
  // The students' phase has not begun: only the estimate knows it.
  const after = estimate?.studentSeconds;
  if (after === undefined || !Number.isFinite(after) || after < 0) return null;
  return perEpoch * left + after;
}

/**
 * Seconds per epoch before the arrivals are timed: the worker's timing, or the estimate's. When the worker has timed
 * only the phase's first epoch, the lower of the two: that epoch runs long (kernels compile; the students' first makes
 * the soft targets after the shipped teacher's evaluation: "Paper: MNIST" said "about 20 s left" after it, with 10 s
 * left), and an estimate from figures taken as the page loaded runs long too (several times, before those figures
 * were taken again once quiet: backend-calibration.ts, `settled`).
 */
function earlyPerEpoch(marks: readonly EpochMark[], estimated: number | null): number | null {
  const worker = workerSecondsPerEpoch(marks);
  const onlyFirst = !marks.some((m) => m.epoch > 1 && timedByWorker(m));
  if (worker !== null && estimated !== null && onlyFirst) return Math.min(worker, estimated);
  return worker ?? estimated;
}

function estimatedPerEpoch(estimate: RunEstimate, phase: TrainingPhase): number | null {
  const [seconds, epochs] = phase === 'teacher' ? [estimate.teacherSeconds, estimate.teacherEpochs] : [estimate.studentSeconds, estimate.studentEpochs];
  return isCount(epochs) && Number.isFinite(seconds) && seconds > 0 ? seconds / epochs : null;
}

/**
 * "about 6 s left", "about 35 s left", "about 4 min left", "about 1 h 20 min left"; "about 1 s left" down to half a
 * second ("finishing" at 0.97 s read oddly beside "epoch 139 of 300"), "finishing" under it.
 */
export function timeLeftText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 0.5) return 'finishing';
  if (seconds < 10) return `about ${Math.max(1, Math.round(seconds))} s left`;
  // Fives from 10 s: a steady count, not one that jitters with every epoch.
  if (seconds < 90) return `about ${Math.max(10, Math.round(seconds / 5) * 5)} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} min left`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

/** The teacher's source in a word or two, when it did not train in this run; null when it did (or is not known yet). */
export function teacherSourceWord(origin: TeacherOrigin | null): string | null {
  switch (origin?.kind) {
    case 'shipped':
      return 'shipped';
    case 'stored':
      return 'stored';
    case 'reused':
      return 'reused';
    default:
      return null;
  }
}

export interface ProgressLabelInput {
  phase: TrainingPhase;
  epoch: number;
  totalEpochs: number;
  teacherOrigin: TeacherOrigin | null;
  /** What the run is doing now. */
  state: 'training' | 'paused' | 'done' | 'stopped';
  secondsLeft: number | null;
  /** The run's time once done. */
  doneSeconds: number | null;
}

/** "Teacher: shipped · Students: epoch 12 of 40 · about 6 s left"; "… · done in 17.2 s" at the end. */
export function progressLabel({ phase, epoch, totalEpochs, teacherOrigin, state, secondsLeft: left, doneSeconds }: ProgressLabelInput): string {
  const source = phase === 'students' ? teacherSourceWord(teacherOrigin) : null;
  const parts = [...(source ? [`Teacher: ${source}`] : []), `${phase === 'teacher' ? 'Teacher' : 'Students'}: epoch ${epoch} of ${totalEpochs}`];
  const leftText = left === null ? '' : timeLeftText(left);
  if (state === 'done') {
    if (doneSeconds !== null && Number.isFinite(doneSeconds)) parts.push(`done in ${doneSeconds.toFixed(1)} s`);
  } else if (state === 'paused') {
    parts.push('paused');
    if (leftText && leftText !== 'finishing') parts.push(leftText);
  } else if (state === 'training' && leftText) {
    parts.push(leftText);
  }
  return parts.join(' · ');
}
