/**
 * Long runs on the page: the worker's question before a run estimated to take
 * longer than LONG_RUN_SECONDS (open while `question` is set), and, once the
 * user runs it anyway, its estimate (the progress bar's time left until its
 * epochs are timed, see progress-clock.svelte.ts).
 */
import type { FromWorker } from '../protocol/messages';
import type { Settings } from '../core/settings';
import type { RunEstimate } from '../core/run-estimate';

export type LongRunQuestion = Extract<FromWorker, { type: 'confirm-long' }>;

export class LongRun {
  /** The run waiting for "Run anyway" or "Cancel"; null when nothing is asked. */
  question = $state.raw<LongRunQuestion | null>(null);
  /** The estimate of the confirmed run now under way; null for other runs. */
  estimate = $state.raw<RunEstimate | null>(null);
  /** The settings of the run the estimate is for (as JSON). */
  private settings = '';

  ask(question: LongRunQuestion): void {
    this.question = question;
  }

  /** "Run anyway": the question goes; the estimate is kept for the run (a Step keeps none). */
  accept(): LongRunQuestion | null {
    const question = this.question;
    this.question = null;
    if (question?.command === 'start') this.track(question.estimate, question.settings);
    return question;
  }

  cancel(): void {
    this.question = null;
  }

  /** The run ended or was dropped: nothing to ask, no estimate. */
  clear(): void {
    this.question = null;
    this.track(null, null);
  }

  /** A run began with these settings: the confirmed one (again after a backend fallback), or another, which has no estimate. */
  began(settings: Settings): void {
    if (JSON.stringify(settings) !== this.settings) this.track(null, null);
  }

  private track(estimate: RunEstimate | null, settings: Settings | null): void {
    this.estimate = estimate;
    this.settings = settings ? JSON.stringify(settings) : '';
  }
}
