/**
 * Whose fault a failed run is: the settings' (a loss that diverges on a CPU backend, or on every backend tried) or
 * the backend's (anything else: a lost GPU device, out of memory, and a loss that turns to NaN on a GPU where the
 * same run may train on wasm — GPU arithmetic is not always IEEE 32-bit). The controller retries a backend's
 * failure on the next measured backend; a settings' failure is reported with its advice.
 */
import { TrainingDivergedError } from '../src/engine/distillation-run';
import { errorText, withoutStop } from '../src/core/error-text';
import type { BackendName } from '../src/protocol/messages';

/** A backend failed while a run was being set up on it (its teacher put on the device, its first read-back). */
export class RunSetupError extends Error {
  constructor(readonly reason: unknown) {
    super(errorText(reason));
  }
}

export type FailureVerdict =
  /** Tell the user, with this message; `forgive`: a backend blamed for the divergence before, cleared of it. */
  | { kind: 'settings'; message: string; forgive: BackendName | null }
  /** Skip the backend and start the run again on the next; `diverged`: the retry is a check of the GPU's arithmetic. */
  | { kind: 'backend'; reason: string; diverged: boolean };

const GPU_BACKENDS: ReadonlySet<BackendName> = new Set(['webgl', 'webgpu']);


/**
 * The verdict on `error` from a run on `backend`; `divergedOn` is the backend whose divergence this run is
 * a retry of (null for a run the user started).
 */
export function judgeFailure(error: unknown, backend: BackendName, divergedOn: BackendName | null): FailureVerdict {
  const message = errorText(error);
  if (!(error instanceof TrainingDivergedError)) return { kind: 'backend', reason: message, diverged: false };
  if (divergedOn !== null) {
    return { kind: 'settings', message: `${withoutStop(message)}. It diverged on ${divergedOn} as well, so the backend is not the cause.`, forgive: divergedOn };
  }
  if (GPU_BACKENDS.has(backend)) {
    // The first sentence ("Training diverged: the student's loss became NaN at epoch 27"), without the advice, which may not apply.
    const what = message.split('. ')[0]!;
    return { kind: 'backend', reason: `${withoutStop(what)}, which can be the GPU's arithmetic rather than the settings`, diverged: true };
  }
  return { kind: 'settings', message, forgive: null };
}
