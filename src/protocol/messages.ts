/**
 * The training worker's message protocol: a string-tagged union each way.
 * The UI imports these types only; the worker switches on `type`.
 */
import type { Settings } from '../core/settings';
import type { Bounds } from '../core/grid';

export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** 'auto' measures the available backends and takes the fastest. */
export type BackendChoice = 'auto' | BackendName;

export interface ModelMetrics {
  loss: number;
  trainAcc: number;
  testAcc: number;
}

/** What the worker measured or skipped for one backend. */
export interface BackendTrial {
  backend: BackendName;
  /** Training examples per second in a short benchmark, when measured. */
  examplesPerSecond?: number;
  /** Why it was not measured or failed (e.g. "software adapter (SwiftShader)"). */
  skipped?: string;
}

export interface BackendReport {
  backend: BackendName;
  choice: BackendChoice;
  /** One sentence for the UI: why this backend. */
  reason: string;
  trials: BackendTrial[];
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

export type ToWorker =
  | { type: 'init'; backend: BackendChoice }
  | { type: 'set-backend'; backend: BackendChoice }
  /** Start a new run with these settings, or resume the current one if they are unchanged. */
  | { type: 'start'; settings: Settings }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Train one epoch of the current phase, then pause (starts a run if there is none). */
  | { type: 'step'; settings: Settings }
  | { type: 'reset' }
  /** Settings for the next run; with no run in progress the worker answers with a preview of the data. */
  | { type: 'set-params'; settings: Settings };

export type RunPhase = 'teacher' | 'students';

export type FromWorker =
  | { type: 'ready'; backend: BackendReport }
  | { type: 'backend-fallback'; from: BackendName; to: BackendName; message: string }
  /** Download progress of a dataset file (the digits), in bytes. */
  | { type: 'loading'; label: string; loaded: number; total: number }
  /** A new run began: its settings (as the worker received them) and its data. */
  | { type: 'dataset'; runId: number; settings: Settings; dataset: DatasetView }
  /** The data the next run would use, before any training. */
  | { type: 'preview'; dataset: DatasetView }
  | { type: 'progress'; runId: number; phase: RunPhase; epoch: number; totalEpochs: number }
  | { type: 'epoch'; runId: number; phase: RunPhase; epoch: number; totalEpochs: number; teacher?: ModelMetrics; students?: Record<string, ModelMetrics> }
  | { type: 'teacher-ready'; runId: number; fromCache: boolean; teacher: ModelMetrics; testLogits: Float32Array }
  /** Final logits of every student on the test split, and of the soft students on the training split (for the bias shift). */
  | { type: 'students-logits'; runId: number; test: Record<string, Float32Array>; train: Record<string, Float32Array>; trainLabels: Int32Array | null }
  /** For 2-D data: each model's predicted class and confidence (0–255) on a grid, row by row from the top. */
  | { type: 'decision-maps'; runId: number; resolution: number; bounds: Bounds; maps: Record<string, { classes: Uint8Array; confidence: Uint8Array }> }
  | { type: 'paused'; runId: number }
  | { type: 'done'; runId: number; seconds: number; teacher: ModelMetrics; students: Record<string, ModelMetrics> }
  | { type: 'reset-done' }
  | { type: 'error'; runId: number | null; message: string; recoverable: boolean };

export type FromWorkerType = FromWorker['type'];
