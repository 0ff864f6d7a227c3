/**
 * The word on the main button, the same in the controls panel and the lecture bar: it says what pressing it does
 * (Session.train): Resume carries on a paused run; Train again starts a new run after one (its settings changed, it
 * finished, or the live-teacher switch wants a teacher the run did not train); Train starts the first.
 */
import type { Status } from './session.svelte';

export type TrainLabel = 'Train' | 'Resume' | 'Train again';

/** Whether Train carries on the current run rather than starting a new one. */
export function resumesRun(status: Status, settingsChanged: boolean, teacherNotLive: boolean): boolean {
  return status === 'paused' && !settingsChanged && !teacherNotLive;
}

export function trainLabel(status: Status, settingsChanged: boolean, teacherNotLive: boolean): TrainLabel {
  if (resumesRun(status, settingsChanged, teacherNotLive)) return 'Resume';
  return settingsChanged || teacherNotLive || status === 'done' ? 'Train again' : 'Train';
}
