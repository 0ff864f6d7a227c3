/**
 * "Train the teacher live": a view preference kept in this browser's
 * localStorage (not in the link). When on, every run trains its teacher
 * instead of taking one from memory, from storage or from the app's shipped teachers.
 */
import type { ProgressStorage } from './quiz-progress.svelte';
import { readStoredChoice } from './stored-choice';

export const TRAIN_TEACHER_LIVE_KEY = 'dkl.train-teacher-live';

export class TeacherPreference {
  live = $state(false);
  /** A stored value that could not be read back (an edited store), for a notice; null when all was well. */
  readonly problem: string | null;
  private readonly storage: ProgressStorage | null;

  constructor(storage: ProgressStorage | null) {
    this.storage = storage;
    // Storage that throws: off, for this visit.
    const stored = readStoredChoice(storage, TRAIN_TEACHER_LIVE_KEY, ['1'], '“Train the teacher live” switch', 'it is off');
    this.live = stored.value === '1';
    this.problem = stored.problem;
  }

  setLive(live: boolean): void {
    this.live = live;
    try {
      if (live) this.storage?.setItem(TRAIN_TEACHER_LIVE_KEY, '1');
      else this.storage?.removeItem(TRAIN_TEACHER_LIVE_KEY);
    } catch {
      // Full or refused storage: the choice holds for this visit.
    }
  }
}
