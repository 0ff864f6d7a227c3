/**
 * "Train the teacher live": a view preference kept in this browser's
 * localStorage (not in the link). When on, every run trains its teacher
 * instead of taking one from memory, from storage or from the app's shipped teachers.
 */
import type { ProgressStorage } from './quiz-progress.svelte';

export const TRAIN_TEACHER_LIVE_KEY = 'dkl.train-teacher-live';

export class TeacherPreference {
  live = $state(false);
  private readonly storage: ProgressStorage | null;

  constructor(storage: ProgressStorage | null) {
    this.storage = storage;
    try {
      this.live = storage?.getItem(TRAIN_TEACHER_LIVE_KEY) === '1';
    } catch {
      // Storage that throws: off, for this visit.
    }
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
