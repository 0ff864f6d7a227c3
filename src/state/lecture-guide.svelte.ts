/**
 * The guided lecture in the page: moving between the steps of core/lecture-steps, each putting the simulator where
 * its point shows — its preset (trained unless this preset's run already is), its display temperature, its example —
 * and naming the panel to look at. Created in a component (it owns an effect: a step waits for the preset it loads,
 * and for the teacher when it selects the teacher's most ambiguous example).
 */
import { LECTURE_STEPS, stepAt, type LectureStep } from '../core/lecture-steps';
import { darkestExample } from '../core/dark-example';
import type { Session } from './session.svelte';

export class LectureGuide {
  /** What is still to do for the current step: set its T once its preset is loaded, select its example once the teacher is ready. */
  private pending = $state<{ temperature: boolean; darkest: boolean; train: boolean }>({ temperature: false, darkest: false, train: false });
  /** Bumped on every move, so the page scrolls to the step's panel even when the step's number is unchanged. */
  moves = $state(0);

  readonly count = LECTURE_STEPS.length;
  readonly current: LectureStep | null;

  constructor(private readonly session: Session) {
    this.current = $derived(session.lectureStep === null ? null : stepAt(session.lectureStep));
    $effect(() => {
      const step = this.current;
      if (!step) return;
      if (this.pending.temperature && this.session.presetName === step.preset) {
        this.pending.temperature = false;
        this.session.setDisplayTemperature(step.displayTemperature);
      }
      // Train once the page can (not while the backend is still being chosen, nor over another run).
      const status = this.session.status;
      if (this.pending.train && this.session.presetName === step.preset && (status === 'idle' || status === 'paused' || status === 'done')) {
        this.pending.train = false;
        this.session.train();
      }
      const logits = this.session.run.teacherLogits;
      const data = this.session.run.dataset;
      if (this.pending.darkest && logits && data && this.session.run.settings && this.session.presetName === step.preset) {
        this.pending.darkest = false;
        this.session.selectPoint(darkestExample(logits, data.testY, this.session.classCount));
      }
    });
  }

  /** Open step `number` (1-based); outside 1…count nothing happens. */
  go(number: number): void {
    const step = stepAt(number);
    if (!step) return;
    const session = this.session;
    session.lectureStep = number;
    this.moves++;
    const samePreset = session.presetName === step.preset && !session.settingsChanged;
    let train = false;
    if (!samePreset && session.status === 'training') {
      // Pauses the run on screen, then loads the step's preset and trains it (the quiz's Try it does the same).
      session.tryIt({ kind: 'train-preset', preset: step.preset, label: step.title });
    } else {
      if (!samePreset) session.applyPreset(step.preset);
      // A step on the preset already trained (or training) keeps its run: steps 1–3 share one.
      train = step.train && (!samePreset || (session.run.settings === null && session.status !== 'training'));
    }
    this.pending = { temperature: true, darkest: step.select === 'darkest', train };
    // A step on the run already on screen applies its temperature at once; otherwise once its preset is loaded (the effect above).
    if (session.presetName === step.preset) {
      this.pending.temperature = false;
      session.setDisplayTemperature(step.displayTemperature);
    }
  }

  /** Page Down / N: the next step (the first, when the guide is not open); at the last step it stays. */
  next(): void {
    const at = this.session.lectureStep;
    if (at === null) this.go(1);
    else if (at < this.count) this.go(at + 1);
  }

  /** Page Up / P: the previous step; at the first it stays. */
  previous(): void {
    const at = this.session.lectureStep;
    if (at !== null && at > 1) this.go(at - 1);
  }

  exit(): void {
    this.session.lectureStep = null;
    this.pending = { temperature: false, darkest: false, train: false };
  }
}
