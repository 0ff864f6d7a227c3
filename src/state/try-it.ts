/**
 * A quiz question's "Try it": the simulator put in the state the question's answer is seen in — the temperature
 * slider swept, the digit with the most dark knowledge selected, or a preset trained (after the run in progress has
 * paused, which the worker confirms).
 */
import { darkestExample } from '../core/dark-example';
import type { TryIt } from '../quiz/questions';
import type { Session } from './session.svelte';

/** `startWhenPaused`: train this preset once the worker says the run in progress has paused. */
export function applyTryIt(session: Session, action: TryIt, startWhenPaused: (preset: string) => void): void {
  switch (action.kind) {
    case 'display-temperature':
      session.setDisplayTemperature(action.from);
      // Apart in time, so the change from `from` to `to` is seen.
      setTimeout(() => session.setDisplayTemperature(action.to), 400);
      return;
    case 'dark-knowledge-example':
      if (session.run.teacherLogits && session.dataset) {
        session.selectPoint(darkestExample(session.run.teacherLogits, session.dataset.testY, session.classCount));
      } else {
        session.notify('info', 'Train the teacher first (press Train): its soft targets are what this shows.', undefined, { untilTeacher: true });
      }
      session.setDisplayTemperature(action.temperature);
      return;
    case 'train-preset':
      if (session.status === 'training') {
        // Start once the worker confirms the pause (an epoch may be in flight).
        startWhenPaused(action.preset);
        session.pause();
        return;
      }
      session.applyPreset(action.preset);
      session.train();
      return;
  }
}
