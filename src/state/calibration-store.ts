/**
 * The backend measurements kept in this browser (localStorage), per device and
 * model size (see core/backend-calibration): read when the worker starts, one
 * added each time the worker measures, and the one for a run's models sent
 * with it, so a later visit need not time the backends again.
 */
import type { BackendReport, Calibration } from '../protocol/messages';
import { CALIBRATIONS_STORAGE_KEY, findCalibration, modelKey, parseStoredCalibrations, runModels, serializeCalibrations, withCalibration } from '../core/backend-calibration';
import type { Settings } from '../core/settings';
import { browserStorage } from './quiz-progress.svelte';

export class CalibrationStore {
  private calibrations: Calibration[] = [];

  /** Read them afresh from storage; `problem` says why what was stored was dropped (then there are none). */
  load(): { calibrations: Calibration[]; problem: string | null } {
    let text: string | null = null;
    try {
      text = browserStorage()?.getItem(CALIBRATIONS_STORAGE_KEY) ?? null;
    } catch {
      // Storage that throws is treated as empty.
    }
    const { calibrations, problem } = parseStoredCalibrations(text);
    this.calibrations = calibrations;
    return { calibrations, problem };
  }

  /** Keep a new measurement (replacing the one for the same device and models). */
  store(calibration: Calibration): void {
    this.calibrations = withCalibration(this.calibrations, calibration);
    try {
      browserStorage()?.setItem(CALIBRATIONS_STORAGE_KEY, serializeCalibrations(this.calibrations));
    } catch {
      // Full or unavailable storage: the measurement is kept for this visit only.
    }
  }

  /** The stored measurement of these settings' models on the device `backend` runs on, if any (none before a backend is chosen). */
  find(backend: Pick<BackendReport, 'device'> | null, settings: Settings): Calibration | null {
    if (!backend) return null;
    return findCalibration(this.calibrations, backend.device, modelKey(runModels(settings))) ?? null;
  }
}
