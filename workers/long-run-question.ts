/**
 * The question the worker asks before a long run: decided before the data
 * loads or a shipped teacher is fetched, from the measured speed of the
 * backend chosen for the run's models (core/run-estimate.ts).
 */
import { LONG_RUN_SECONDS } from '../src/core/backend-calibration';
import { downloadedData, firstEpochSeconds, runEstimate, type RunEstimate } from '../src/core/run-estimate';
import { loopDuty } from '../src/core/loop-duty';
import type { Settings } from '../src/core/settings';
import type { FromWorker } from '../src/protocol/messages';
import type { ControllerPorts } from './controller-ports';
import { findReadyTeacher } from './teacher-lookup';

/**
 * The question to ask before a new run when it is long: estimated on the backend now chosen for it (measured
 * on its models) to take more than LONG_RUN_SECONDS — for Step, its first epoch. Null: start it (also when
 * nothing could be measured).
 */
export async function longRunQuestion(
  ports: Pick<ControllerPorts, 'teachers' | 'shipped' | 'backends' | 'isInMemory' | 'restEveryMs' | 'restMs'>,
  command: 'start' | 'step',
  settings: Settings,
  trainTeacherLive: boolean,
): Promise<Extract<FromWorker, { type: 'confirm-long' }> | null> {
  const teacher = await findReadyTeacher(ports.teachers, (s) => ports.shipped(s) !== undefined, settings, trainTeacherLive);
  const duty = loopDuty(ports.restEveryMs ?? 0, ports.restMs ?? 0);
  const trial = await ports.backends.activeTrial(settings);
  let estimate = trial ? runEstimate(trial, settings, teacher, duty) : null;
  const long = (e: RunEstimate | null): e is RunEstimate => e !== null && (command === 'start' ? e.seconds : firstEpochSeconds(e)) > LONG_RUN_SECONDS;
  // Figures taken as the page loaded can make a run look several times longer (the 80-s paper run with its teacher
  // trained live was put at "about 4–5 min"): the backend is timed again first, unless its figures are settled.
  if (long(estimate)) {
    const again = await ports.backends.retimeActive(settings);
    if (again) estimate = runEstimate(again, settings, teacher, duty);
  }
  if (!long(estimate)) return null;
  const data = ports.isInMemory(settings.dataset) ? null : downloadedData(settings.dataset);
  return { type: 'confirm-long', command, settings, trainTeacherLive, teacher, download: data ? `It first downloads ${data}.` : null, estimate };
}
