/** What a distillation run (distillation-run.ts) reports and takes: its splits, epoch reports, options and failure. */
import type { ModelMetrics, TrainingPhase } from '../core/roster';
import type { MlpWeights } from './mlp';

/** The run's sets of examples: the whole training split, the students' transfer set (a part of it), the test split. */
export type RunSplit = 'train' | 'transfer' | 'test';

export interface RunMetrics {
  teacher?: ModelMetrics;
  /** The unsmoothed twin of a label-smoothed teacher, while it trains. */
  twin?: ModelMetrics;
  /** By student id (the roster's ids). */
  students?: Record<string, ModelMetrics>;
}

export interface EpochReport {
  phase: TrainingPhase;
  /** 1-based within its phase. */
  epoch: number;
  totalEpochs: number;
  /** Read back every few epochs and on the last one; absent otherwise. */
  metrics?: RunMetrics;
  /** True on the report after which the teacher is frozen and its soft targets exist. */
  teacherReady: boolean;
}

export class TrainingDivergedError extends Error {}

export interface RunOptions {
  /** FLOPs of training work per piece of a batch (batch-pieces.ts; tests set it low to cut small models' batches too). */
  stepPieceFlops?: number;
  /** The students' initial weights, drawn ahead by a RunSetup (run-setup.ts); drawn here when absent. */
  studentWeights?: readonly MlpWeights[];
}
