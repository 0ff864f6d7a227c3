/**
 * The training worker's message protocol: a string-tagged union each way.
 * The UI imports these types only; the worker switches on `type`.
 */
import type { Settings } from '../core/settings';
import type { Bounds } from '../core/grid';
import type { ModelMetrics, TrainingPhase } from '../core/roster';
import type { BackendName, Calibration, RankedBackend } from '../core/backend-calibration';
import type { BenchOptions, BenchResult } from '../engine/bench-models';
import type { TeacherOrigin } from '../core/teacher-origin';
import type { RunEstimate, TeacherSource } from '../core/run-estimate';
import type { Fidelity } from '../core/class-metrics';

export { BACKEND_NAMES } from '../core/backend-calibration';
export type { TeacherOrigin } from '../core/teacher-origin';
export type { BackendName, BackendTrial, Calibration, RankedBackend } from '../core/backend-calibration';
export type { RunEstimate, TeacherSource } from '../core/run-estimate';
/** 'auto' follows the measured ranking for the run's models. */
export type BackendChoice = 'auto' | BackendName;

export interface BackendReport {
  backend: BackendName;
  choice: BackendChoice;
  /** One sentence for the UI: why this backend. */
  reason: string;
  /** The device key calibrations are stored under (browser, cores, WebGPU adapter). */
  device: string;
  /** The calibration behind an automatic choice, for the current models; null when the user chose. */
  calibration: Calibration | null;
  /** True when that calibration came from the page's storage rather than a measurement in this session. */
  remembered: boolean;
  /** The models it is for, in words ("teacher 2-64-64-6 (batch 64), 2 students …"). */
  models: string;
  /** Measured backends, fastest first for the current run's work, without those that failed. */
  ranking: RankedBackend[];
  /** Backends that failed to start or died in this session, with why; skipped from then on. */
  failures: { backend: BackendName; reason: string }[];
}

export interface DatasetView {
  name: string;
  classNames: string[];
  families: { name: string; classes: number[] }[];
  inputSize: number;
  /** Side of square images; absent for 2-D points. */
  imageSide?: number;
  /** Test examples: row-major features and labels. */
  testX: Float32Array;
  testY: Int32Array;
  /** Training points the students see (2-D datasets only; empty for images). */
  transferX: Float32Array;
  transferY: Int32Array;
}

/**
 * What the worker's TF.js holds now (`npm run soak`): its tensors and their bytes as the engine counts them, the
 * active backend (null while none is ready), and the memory that backend itself holds, which tensor bytes do not show:
 * the wasm heap (it grows and never shrinks), or the GPU memory allocated by webgl / webgpu; null for cpu.
 */
export interface MemoryReport {
  numTensors: number;
  numBytes: number;
  backend: string | null;
  backendBytes: number | null;
  /** What backendBytes measures, in words ("wasm heap"); null with it. */
  backendBytesKind: string | null;
}

export type ToWorker =
  /** The stored calibrations (any device; the worker keeps its own) and the settings to calibrate for first. */
  | { type: 'init'; backend: BackendChoice; settings: Settings; calibrations: Calibration[] }
  | { type: 'set-backend'; backend: BackendChoice; settings: Settings; calibration: Calibration | null }
  /** Measure every backend again for these settings' models (drops the run, like set-backend). */
  | { type: 'recalibrate'; settings: Settings }
  /**
   * Start a new run with these settings, or resume the current one if they are unchanged; with the stored calibration for its models, if any.
   * `trainTeacherLive`: skip the memory, stored and shipped teachers, train the teacher, and store it (replacing the stored one).
   * `confirmed`: the user chose to run it although it is estimated to be long (see 'confirm-long').
   */
  | { type: 'start'; settings: Settings; calibration: Calibration | null; trainTeacherLive: boolean; confirmed?: boolean }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Train one epoch of the current phase, then pause (starts a run if there is none; `confirmed` as for start). */
  | { type: 'step'; settings: Settings; calibration: Calibration | null; trainTeacherLive: boolean; confirmed?: boolean }
  | { type: 'reset' }
  /** Settings for the next run; with no run in progress the worker answers with a preview of the data. */
  | { type: 'set-params'; settings: Settings }
  /** Remove the teachers stored in this browser and the worker's memory of trained teachers; answered by 'teachers-forgotten'. */
  | { type: 'forget-teachers' }
  /** `npm run bench -- --browser` only (a `?bench` page): run the bench suite here; answered by 'bench-result'. */
  | { type: 'bench'; options: BenchOptions }
  /**
   * `npm run soak` only (a `?soak` page): read-only, answered at once by a 'memory' report; it changes nothing, so the
   * worker answers it before its queue of commands and sends no 'state' after it.
   */
  | { type: 'memory' }
  /**
   * The page has laid out and painted what run `runId`'s 'teacher-ready' changed: the training loop, which waits for
   * this (at most PAGE_CATCH_UP_LIMIT_MS, workers/page-catch-up.ts) so that rendering has a core, goes on. Read at once,
   * like 'memory': it changes no state and is not answered.
   */
  | { type: 'shown'; runId: number }
  /**
   * One input for the current run's teacher and students (a digit drawn on the page, processed as the dataset's:
   * inputSize values in 0–1), answered by 'classified' with the same `requestId`. It never starts, stops or
   * changes the run: it is read between two slices of training.
   */
  | { type: 'classify'; requestId: number; pixels: Float32Array };

/** Every command as sent: numbered by the page, so the worker's answers say which command they follow. */
export type Command = ToWorker & { seq: number };

/** What the worker is doing with the current run, as the worker sees it. */
export type RunState = 'idle' | 'training' | 'paused' | 'done';

export type FromWorker =
  /**
   * The worker's state after handling command `ack` (and again whenever a run ends by itself). The page shows this
   * state once it is the answer to the last command it sent; until then its own view of the newer command stands.
   */
  | { type: 'state'; ack: number; state: RunState }
  | { type: 'ready'; backend: BackendReport }
  /** The worker is timing the backends on these models ("digits models"). */
  | { type: 'calibrating'; label: string }
  /** A new measurement, for the page to store. */
  | { type: 'calibration'; calibration: Calibration }
  | { type: 'backend-fallback'; from: BackendName; to: BackendName; message: string }
  /** Download progress of a dataset file (the digits), in bytes. */
  | { type: 'loading'; label: string; loaded: number; total: number }
  /** A new run began: its settings (as the worker received them) and its data. */
  /** A run began on this data; `teacherToCheck`: its teacher came shipped or stored and is being evaluated (teacher-ready follows). */
  | { type: 'dataset'; runId: number; settings: Settings; dataset: DatasetView; teacherToCheck?: TeacherOrigin }
  /** The data the next run would use, before any training. */
  | { type: 'preview'; dataset: DatasetView }
  /** No preview for these settings: their data is downloaded only for a run (the 28×28 digits); `message` says so. */
  | { type: 'preview-deferred'; message: string }
  /**
   * A new run (or its first Step) is estimated on the chosen backend to take longer than LONG_RUN_SECONDS and
   * was not confirmed: it did not start, and nothing was downloaded for it. The same command with the same
   * settings and `confirmed: true` runs it. `teacher`: where its teacher would come from; `download`: the data
   * it would fetch first, in words, or null when it is in memory.
   */
  | { type: 'confirm-long'; command: 'start' | 'step'; settings: Settings; trainTeacherLive: boolean; teacher: TeacherSource; download: string | null; estimate: RunEstimate }
  /**
   * An epoch ended. `workerSeconds`: the worker's time on it, from the report before it (or from Train, Resume or
   * Step) to this one — its batches, evaluation, maps and waits, never a pause (workers/run-announcer.ts).
   */
  | { type: 'progress'; runId: number; phase: TrainingPhase; epoch: number; totalEpochs: number; workerSeconds: number }
  /** An epoch ended with an evaluation: the same, with the models' metrics. */
  | { type: 'epoch'; runId: number; phase: TrainingPhase; epoch: number; totalEpochs: number; workerSeconds: number; teacher?: ModelMetrics; twin?: ModelMetrics; students?: Record<string, ModelMetrics> }
  /** The teacher is trained (or was found and evaluated here); where it came from, and for a shipped one its test errors, counted on these logits. */
  | {
      type: 'teacher-ready';
      runId: number;
      origin: TeacherOrigin;
      shippedTest?: { errors: number; count: number };
      teacher: ModelMetrics;
      testLogits: Float32Array;
      /** A label-smoothed teacher's unsmoothed twin (same start, batches, dropout and jitter): where it came from, its metrics, its test logits. */
      twin?: { origin: TeacherOrigin; teacher: ModelMetrics; testLogits: Float32Array };
    }
  /** The teacher this run trained is now kept in this browser (IndexedDB) for later visits and other tabs. */
  | { type: 'teacher-stored'; runId: number; savedAt: number }
  /** The shipped teacher a run needs is missing or damaged: the run did not start. The page offers to train it live with these settings. */
  | { type: 'teacher-unavailable'; settings: Settings; message: string }
  /** Keeping teachers in this browser failed (unavailable, blocked, full or a damaged record); said once, the app goes on without storing. */
  | { type: 'teacher-storage'; message: string }
  /** Answer to 'forget-teachers': how many teachers were forgotten. */
  | { type: 'teachers-forgotten'; count: number }
  /**
   * Final logits of every student on the test split; where the students ignored classes, the soft student's bias
   * shift chosen on the training split (the worker scans its 60,000 training logits; the page needs only the shift).
   */
  | {
      type: 'students-logits';
      runId: number;
      test: Record<string, Float32Array>;
      softShift: number | null;
      /** A sweep: each student's fidelity to the teacher on the test split and on its transfer set (Stanton et al. 2021). */
      fidelity?: Record<string, { test: Fidelity; transfer: Fidelity }>;
    }
  /** For 2-D data: each model's predicted class and confidence (0–255) on a grid, row by row from the top. */
  | { type: 'decision-maps'; runId: number; resolution: number; bounds: Bounds; maps: Record<string, { classes: Uint8Array; confidence: Uint8Array }> }
  | { type: 'paused'; runId: number }
  | { type: 'done'; runId: number; seconds: number; teacher: ModelMetrics; students: Record<string, ModelMetrics> }
  | { type: 'reset-done' }
  | { type: 'error'; runId: number | null; message: string; recoverable: boolean }
  /**
   * Answer to 'classify': the logits of the teacher ('teacher') and of each student (by roster id) for that input;
   * null, with `reason`, when there is no run, its teacher is still training, or the input does not fit its models.
   */
  | { type: 'classified'; requestId: number; logits: Record<string, Float32Array>; reason: null }
  | { type: 'classified'; requestId: number; logits: null; reason: string }
  /** The bench suite's record, or why it failed. */
  | { type: 'bench-result'; result: BenchResult | { error: string } }
  /** Answer to 'memory'. */
  | ({ type: 'memory' } & MemoryReport);

export type FromWorkerType = FromWorker['type'];
