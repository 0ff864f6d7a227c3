/**
 * A run moved off a backend that failed under it (run-failure.ts judged the
 * failure the backend's): the backend is skipped from now on, the next in the
 * measured ranking takes over and the run starts again there with the same
 * settings, and so on until a backend holds or none is left.
 */
import type { Settings } from '../src/core/settings';
import { errorText, withoutStop } from '../src/core/error-text';
import type { BackendName, FromWorker } from '../src/protocol/messages';
import type { BackendPort } from './controller-ports';
import { RunSetupError } from './run-failure';

/** What the restart needs of the run controller. */
export interface RestartHost {
  backends: Pick<BackendPort, 'fallBack'>;
  post: (message: FromWorker) => void;
  /** Set the run up again with these settings on the backend now in use (a RunSetupError: that backend failed too). */
  startAgain: (settings: Settings) => Promise<void>;
  /** The run stops with this error: it no longer trains, and the page is told why, then the state. */
  stop: (message: string, recoverable: boolean) => void;
}

/**
 * `from` failed (`reason`) under a run with these settings: skip it, take the next measured backend and start
 * the run again there, and so on until one holds; false when none is left (the page is told).
 */
export async function restartElsewhere(host: RestartHost, settings: Settings, from: BackendName, reason: string, diverged: boolean): Promise<boolean> {
  for (;;) {
    const report = await host.backends.fallBack(settings, reason);
    if (!report) {
      host.stop(`${from} failed during training (${withoutStop(reason)}) and no other backend could take over.`, false);
      return false;
    }
    const check = diverged ? `: if it diverges there as well, the settings are the cause` : '';
    host.post({ type: 'backend-fallback', from, to: report.backend, message: `${from} failed during training: ${withoutStop(reason)}. Switched to ${report.backend}, the next fastest measured, and started the run again with the same settings${check}.` });
    try {
      await host.startAgain(settings);
      return true;
    } catch (again) {
      if (!(again instanceof RunSetupError)) {
        // Not the backend (the data could not be fetched, say): the run stops here, with why.
        host.stop(errorText(again), true);
        return false;
      }
      from = report.backend;
      reason = again.message;
    }
  }
}
