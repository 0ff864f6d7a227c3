/**
 * The question the worker asks before a long run: decided before the data
 * loads or a shipped teacher is fetched, from the measured speed of the
 * backend chosen for the run's models (core/run-estimate.ts).
 */
import { LONG_RUN_SECONDS } from '../src/core/backend-calibration';
import { downloadedData, firstEpochSeconds, runEstimate } from '../src/core/run-estimate';
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
  ports: Pick<ControllerPorts, 'teachers' | 'shipped' | 'backends' | 'isInMemory'>,
  command: 'start' | 'step',
  settings: Settings,
  trainTeacherLive: boolean,
): Promise<Extract<FromWorker, { type: 'confirm-long' }> | null> {
  const teacher = await findReadyTeacher(ports.teachers, (s) => ports.shipped(s) !== undefined, settings, trainTeacherLive);
  const trial = await ports.backends.activeTrial(settings);
  const estimate = trial ? runEstimate(trial, settings, teacher) : null;
  if (!estimate || (command === 'start' ? estimate.seconds : firstEpochSeconds(estimate)) <= LONG_RUN_SECONDS) return null;
  const data = ports.isInMemory(settings.dataset) ? null : downloadedData(settings.dataset);
  return { type: 'confirm-long', command, settings, trainTeacherLive, teacher, download: data ? `It first downloads ${data}.` : null, estimate };
}
