/**
 * What the run controller (run-controller.ts) is given to work with: the
 * backend chooser, the data, the teachers and the page. In the worker these
 * are the real ones (training.worker.ts); in Node, tests and the command line
 * pass fakes or Node's (one-backend.ts). Defined apart so the modules the
 * controller delegates to take the ports they use without importing it.
 */
import type { Dataset } from '../datasets/types';
import type { BackendTrial } from '../src/core/backend-calibration';
import type { DatasetName, Settings } from '../src/core/settings';
import type { ShippedTeacher } from '../src/core/teacher-manifest';
import type { BenchOptions, BenchResult } from '../src/engine/bench-models';
import type { BackendChoice, BackendName, BackendReport, Calibration } from '../src/protocol/messages';
import type { Post } from './run-messages';
import type { TeacherLookup } from './teacher-lookup';
import type { TeacherStore } from './teacher-store';

/** What the controller needs of the backend chooser (select-backend.ts in the worker; a fake in tests). */
export interface BackendPort {
  readonly report: Pick<BackendReport, 'backend'> | null;
  init(choice: BackendChoice, settings: Settings, stored: readonly Calibration[]): Promise<void>;
  setChoice(choice: BackendChoice, settings: Settings, calibration: Calibration | null): Promise<void>;
  recalibrate(settings: Settings): Promise<void>;
  /** Measure again, keeping the faster figures, once all is quiet and no run is held (quiet-refine.ts); `stop`: a command waits. */
  refine(stop: () => boolean): Promise<void>;
  /** Switch to the backend chosen for these settings' models (measuring them if needed). */
  prepare(settings: Settings, calibration: Calibration | null): Promise<void>;
  activeTrial(settings: Settings): Promise<BackendTrial | null>;
  /** The active backend timed again, its faster figures kept, unless its calibration is settled (then null). */
  retimeActive(settings: Settings): Promise<BackendTrial | null>;
  /** The backend in use failed: skip it from now on and switch to the next measured; null when none is left. */
  fallBack(settings: Settings, reason: string): Promise<Pick<BackendReport, 'backend'> | null>;
  /** A backend skipped for a failure that turned out not to be its own: it may be chosen again. */
  forgive(backend: BackendName): void;
}

export interface ControllerPorts {
  post: Post;
  backends: BackendPort;
  /** A run's data, with download progress (the digits are fetched on first use). */
  load: (settings: Settings, onProgress: (loaded: number, total: number) => void) => Promise<Dataset>;
  isInMemory: (name: DatasetName) => boolean;
  /** Memory cache → stored → shipped (see teacher-lookup.ts). */
  teachers: TeacherLookup;
  /** Teachers kept in this browser across visits. */
  store: Pick<TeacherStore, 'save' | 'forget'>;
  /** The shipped teacher for these settings in the bundled manifest (nothing is fetched). */
  shipped: (settings: Settings) => ShippedTeacher | undefined;
  /** `npm run bench -- --browser` only. */
  bench?: (options: BenchOptions, load: (settings: Settings) => Promise<Dataset>) => Promise<BenchResult>;
  /** How long the loop waits for the page to show an announced teacher (page-catch-up.ts); default 0, no wait. */
  pageCatchUpMs?: number;
  /** After how much work the loop rests, and for how long (loop-rest.ts); default 0, never (Node, where no page draws). */
  restEveryMs?: number;
  restMs?: number;
  /** Quiet time after the last command before the backends are measured again (quiet-refine.ts); default 0, never. */
  refineAfterMs?: number;
  /** How long the loop trains before it looks at its messages again (default SLICE_MS). */
  sliceMs?: number;
}
