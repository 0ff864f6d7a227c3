/**
 * Where the run is (phase, epoch of how many) and when each epoch's report
 * arrived, as runes: the progress bar's fraction and time left
 * (core/time-left.ts). The session feeds it the worker's reports.
 */
import type { TrainingPhase } from '../core/roster';
import type { Settings } from '../core/settings';
import { runEstimate, type RunEstimate } from '../core/run-estimate';
import { BROWSER_LOOP_DUTY } from '../core/loop-duty';
import { modelKey, runModels } from '../core/backend-calibration';
import { RECENT_EPOCHS, secondsLeft, type EpochMark, type PhaseMarks } from '../core/time-left';
import type { BackendReport } from '../protocol/messages';

const NO_MARKS: PhaseMarks = { total: 0, marks: [] };

export class ProgressClock {
  phase = $state<TrainingPhase | null>(null);
  epoch = $state(0);
  totalEpochs = $state(0);
  private teacher = $state.raw<PhaseMarks>(NO_MARKS);
  private students = $state.raw<PhaseMarks>(NO_MARKS);
  private estimate = $state.raw<RunEstimate | null>(null);
  /** The next report is the first after a pause: the time before it is not timed. */
  private afterPause = false;

  readonly fraction = $derived(this.totalEpochs > 0 ? this.epoch / this.totalEpochs : 0);
  /** Seconds left of the whole run after the latest report; null when it cannot be known yet. */
  readonly secondsLeft = $derived(secondsLeft({ phase: this.phase, teacher: this.teacher, students: this.students, estimate: this.estimate }));

  /** A run began (its data arrived, or it started again on another backend): timing starts afresh. */
  begin(estimate: RunEstimate | null): void {
    this.teacher = NO_MARKS;
    this.students = NO_MARKS;
    this.estimate = estimate;
    this.afterPause = false;
  }

  /** A report of `epoch` of `total` in `phase`, received at `now` (ms), the worker `workerSeconds` on it; no phase: nothing runs. */
  report(phase: TrainingPhase | null, epoch: number, total: number, now: number, workerSeconds?: number): void {
    this.phase = phase;
    this.epoch = epoch;
    this.totalEpochs = total;
    if (!phase) {
      this.begin(null);
      return;
    }
    const before = phase === 'teacher' ? this.teacher : this.students;
    // Marks older than the recent epochs (and the one before them) are never used again.
    const mark: EpochMark = { epoch, at: now, ...(this.afterPause ? { afterPause: true } : {}), ...(workerSeconds !== undefined ? { workerSeconds } : {}) };
    const marks = [...before.marks.slice(-(RECENT_EPOCHS + 1)), mark];
    this.afterPause = false;
    if (phase === 'teacher') this.teacher = { total, marks };
    else this.students = { total, marks };
  }

  /** The worker paused (after a Step, or an error it can go on from): the time until the next report includes the pause. */
  paused(): void {
    this.afterPause = true;
  }
}

/**
 * The up-front estimate for a run on the backend the worker chose, from the
 * measurement it reported, with the browser loop's rests (as the worker estimates a long run); null when
 * that backend was not measured on the run's models.
 */
export function estimateOnBackend(report: BackendReport | null, settings: Settings): RunEstimate | null {
  const calibration = report?.calibration;
  if (!calibration || calibration.modelKey !== modelKey(runModels(settings))) return null;
  const trial = calibration.trials.find((t) => t.backend === report.backend && t.skipped === undefined);
  return trial ? runEstimate(trial, settings, 'train', BROWSER_LOOP_DUTY) : null;
}
