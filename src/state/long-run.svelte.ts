/**
 * Long runs on the page: the worker's question before a run estimated to take
 * longer than LONG_RUN_SECONDS (open while `question` is set), and, once the
 * user runs it anyway, the time left as its epochs are reported.
 */
import type { FromWorker } from '../protocol/messages';
import type { TrainingPhase } from '../core/roster';
import type { Settings } from '../core/settings';
import { remainingSeconds, type PhaseClock, type RunEstimate } from '../core/run-estimate';

export type LongRunQuestion = Extract<FromWorker, { type: 'confirm-long' }>;

export class LongRun {
  /** The run waiting for "Run anyway" or "Cancel"; null when nothing is asked. */
  question = $state.raw<LongRunQuestion | null>(null);
  /** The estimate of the confirmed run now under way; null for other runs. */
  estimate = $state.raw<RunEstimate | null>(null);
  /** Seconds left of that run after its latest report; null before its first epoch. */
  secondsLeft = $state<number | null>(null);
  private clock: PhaseClock | null = null;
  /** The settings of the run the estimate is for (as JSON). */
  private settings = '';

  ask(question: LongRunQuestion): void {
    this.question = question;
  }

  /** "Run anyway": the question goes; the time left is tracked from now on (a Step tracks nothing). */
  accept(): LongRunQuestion | null {
    const question = this.question;
    this.question = null;
    if (question?.command === 'start') this.track(question.estimate, question.settings);
    return question;
  }

  cancel(): void {
    this.question = null;
  }

  /** The run ended or was dropped: nothing to ask or count down. */
  clear(): void {
    this.question = null;
    this.track(null, null);
  }

  /** A run began with these settings: the confirmed one (counted from its first epoch again, e.g. after a backend fallback), or another, which has no estimate. */
  began(settings: Settings): void {
    if (JSON.stringify(settings) !== this.settings) this.track(null, null);
    this.clock = null;
  }

  /** A report of `epoch` of `total` in `phase`, received at `now` (ms). */
  report(phase: TrainingPhase | null, epoch: number, total: number, now: number): void {
    if (!this.estimate || !phase) return;
    if (!this.clock || this.clock.phase !== phase) this.clock = { phase, epoch, at: now };
    this.secondsLeft = remainingSeconds(this.estimate, phase, epoch, total, this.clock, now);
  }

  private track(estimate: RunEstimate | null, settings: Settings | null): void {
    this.estimate = estimate;
    this.settings = settings ? JSON.stringify(settings) : '';
    this.secondsLeft = null;
    this.clock = null;
  }
}
