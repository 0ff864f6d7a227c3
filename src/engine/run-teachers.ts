/**
 * The teachers of a run: its teacher and, when that one is label-smoothed, its
 * twin — the same teacher without smoothing (Müller, Kornblith & Hinton 2019
 * compare the two). Both start from the same initial weights and train on the
 * same batches, with the same jitter and dropout masks, in lockstep: they differ
 * only in their targets, (1 − ε)·onehot + ε/K against onehot. Either may come
 * ready from the cache, and then does not train; one that trains here equals
 * the teacher of a run with its own settings and the same seed (the random
 * streams are drawn the same way whichever teachers train).
 */
import * as tf from '@tensorflow/tfjs';
import { epochWork, pieceRows, STEP_PIECE_FLOPS } from './batch-pieces';
import { forwardFlops, trainingFlops } from '../core/model-flops';
import type { Rng } from '../core/rng';
import type { ModelMetrics } from '../core/roster';
import type { Settings } from '../core/settings';
import { teacherLearningRate } from '../core/lr-schedule';
import { runTeacherSettings, teacherKey, type TeacherOrigin } from '../core/teacher-origin';
import { Adam } from './adam';
import { DeviceJitter, EpochOrder } from './device-batches';
import { DropoutMasks } from './dropout-masks';
import { Mlp, initialWeights } from './mlp';
import type { Rows } from './row-chunks';
import type { EvaluationTarget, SlicedEvaluation } from './sliced-evaluation';
import { readBack } from './backend-loss';
import { readValues } from './run-readback';
import type { Split } from './split';
import type { TeacherCache, TeacherSnapshot } from './teacher-cache';
import { accuracyTensor, meanCrossEntropy, smoothedTargets } from './tf-losses';

/** Whether a ready teacher's metrics were computed in this page: trained here, or already evaluated by a run. */
const evaluatedHere = (snapshot: TeacherSnapshot) => snapshot.origin.kind === 'trained' || snapshot.evaluatedHere === true;

/** An epoch's batches, run a slice at a time (DistillationRun.advanceFor). */
export interface EpochInProgress {
  next: number;
  count: number;
  runBatch(k: number): void;
  /** Frees the epoch's batch order (and jitter shifts) once it is finished or the run is dropped. */
  release(): void;
}

export type TeacherRole = 'teacher' | 'twin';

export interface RunTeacher {
  role: TeacherRole;
  /** The settings that define it (the twin's have ε = 0). */
  settings: Settings;
  /** Its label smoothing ε (0 for the twin). */
  smoothing: number;
  model: Mlp;
  /** Null once it is frozen, or when it came ready from the cache. */
  optimizer: Adam | null;
  origin: TeacherOrigin;
  /** Its latest metrics (from the cache when it came ready). */
  metrics?: ModelMetrics;
  /**
   * Its logits on the test split, kept from its final evaluation (its last epoch's, or the check of one that came
   * ready) so the page is sent the very logits its test accuracy was counted on, without predicting them again.
   */
  testLogits?: Float32Array;
}

/** The random streams the teachers draw from, forked once by the run in a fixed order. */
export interface TeacherStreams {
  init: Rng;
  order: Rng;
  dropout: Rng;
  jitter: Rng;
}

export class RunTeachers {
  /** The teacher first, then its twin if it has one. */
  readonly all: RunTeacher[];
  private dropoutMasks: DropoutMasks | null;
  /**
   * The teachers that came ready from outside this page — shipped with the app, or stored by an earlier visit: evaluated
   * by the run before the students start (teacher-check.ts), never shown with the numbers of their manifest or record.
   */
  readonly fromOutside: RunTeacher[];
  /** The learning rate of the latest epoch begun (the schedule's, lr-schedule.ts); null before the first. */
  learningRate: number | null = null;

  constructor(
    private readonly settings: Settings,
    readonly sizes: readonly number[],
    private readonly streams: TeacherStreams,
    private readonly jitter: DeviceJitter | null,
    cache: TeacherCache | undefined,
    /** FLOPs per piece of a batch (batch-pieces.ts). */
    private readonly stepPieceFlops = STEP_PIECE_FLOPS,
  ) {
    const definitions = runTeacherSettings(settings);
    const cached = definitions.map((s) => cache?.get(teacherKey(s)));
    // One draw of initial weights for every teacher that trains: the twin starts where the teacher starts.
    const start = cached.some((c) => !c) ? initialWeights(sizes, streams.init) : null;
    this.all = definitions.map((s, i) => {
      const ready = cached[i];
      const model = new Mlp(i === 0 ? 'teacher' : 'twin', sizes, ready?.weights ?? start!);
      return {
        role: i === 0 ? 'teacher' : 'twin',
        settings: s,
        smoothing: s.teacherLabelSmoothing,
        model,
        optimizer: ready ? null : new Adam(model.variables, settings.learningRate),
        origin: !ready ? { kind: 'trained' } : ready.origin.kind === 'trained' ? { kind: 'reused' } : ready.origin,
        // Only metrics computed in this page come with a ready teacher; a shipped or stored one is evaluated by the run first (`fromOutside`).
        ...(ready && evaluatedHere(ready) ? { metrics: ready.metrics } : {}),
      } satisfies RunTeacher;
    });
    this.fromOutside = this.all.filter((t, i) => cached[i] && !evaluatedHere(cached[i]));
    this.dropoutMasks = this.training.length > 0 && settings.teacherDropout > 0 ? new DropoutMasks(settings.teacherBatchSize, sizes.slice(1, -1), settings.teacherDropout, streams.dropout) : null;
  }

  get main(): RunTeacher {
    return this.all[0]!;
  }

  get twin(): RunTeacher | null {
    return this.all[1] ?? null;
  }

  /** The teachers still training (none once frozen). */
  get training(): RunTeacher[] {
    return this.all.filter((t) => t.optimizer);
  }

  byRole(role: TeacherRole): RunTeacher {
    const teacher = this.all.find((t) => t.role === role);
    if (!teacher) throw new Error(`This run has no ${role === 'twin' ? 'unsmoothed twin teacher' : 'teacher'}.`);
    return teacher;
  }

  /**
   * One epoch over the whole training split: every training teacher takes a step on each batch, with the
   * same jittered inputs and the same dropout masks. ∂(mean cross-entropy)/∂logits = (softmax − target) / B,
   * the target being the one-hot label smoothed by the teacher's ε (one-hot for ε = 0). `epoch` (0-based) sets
   * the learning rate of every batch of the epoch, from the teacher's schedule (constant unless annealed).
   */
  beginEpoch(train: Split, batchSize: number, classes: number, epoch: number): EpochInProgress {
    const trainees = this.training;
    this.learningRate = teacherLearningRate(this.settings, epoch);
    for (const teacher of trainees) teacher.optimizer!.learningRate = this.learningRate;
    const order = new EpochOrder(train.count, batchSize, this.streams.order);
    // Shifts for the whole epoch in one upload (drawn in batch order, as the CPU jitter would).
    const shifts = this.jitter?.drawShifts(train.count, batchSize, this.streams.jitter) ?? [];
    order.prepare([train.xRows, train.oneHotRows]);
    const { units, sums } = epochWork(order, trainingFlops(this.sizes, trainees.length), this.stepPieceFlops, trainees.length);
    /** A large teacher's batch in pieces: the dropout masks drawn at its first piece, for its rows. */
    let batchMasks: tf.Tensor2D[] | undefined;
    return {
      next: 0,
      count: units.length,
      runBatch: (u) =>
        tf.tidy(() => {
          const unit = units[u]!;
          const k = unit.batch;
          let x = order.rows(train.xRows, k) as tf.Tensor2D;
          const rows = x.shape[0];
          const y = order.rows(train.oneHotRows, k) as tf.Tensor2D;
          if (unit.pieces === 1) {
            if (this.jitter) x = this.jitter.apply(x, shifts[k]!);
            const masks = this.dropoutMasks?.pick(rows, this.streams.dropout);
            for (const teacher of trainees) teacher.optimizer!.applyGradients(teacher.model.gradients(x, this.lossGradient(y, teacher, rows), masks));
            return;
          }
          // The same draws as a whole batch: the masks once per batch, each row's own shift.
          if (unit.piece === 0) batchMasks = this.dropoutMasks?.pick(rows, this.streams.dropout).map((m) => tf.keep(tf.clone(m)));
          const part = <T extends tf.Tensor>(t: T) => pieceRows(t, unit);
          let xPart = part(x);
          if (this.jitter) xPart = this.jitter.apply(xPart, part(shifts[k]!));
          const yPart = part(y);
          const masks = batchMasks?.map((m) => part(m));
          trainees.forEach((teacher, i) => sums[i]!.addAndStep(teacher.model.gradients(xPart, this.lossGradient(yPart, teacher, rows), masks), unit, (summed) => teacher.optimizer!.applyGradients(summed)));
          if (unit.piece + 1 < unit.pieces) return;
          tf.dispose(batchMasks ?? []);
          batchMasks = undefined;
        }),
      release: () => {
        tf.dispose([...shifts, ...(batchMasks ?? [])]);
        order.dispose();
        for (const sum of sums) sum.dispose();
      },
    };
  }

  /** ∂(mean cross-entropy over a batch of `rows`)/∂logits for some of its rows (one-hot `y`, smoothed by the teacher's ε). */
  private lossGradient(y: tf.Tensor2D, teacher: RunTeacher, rows: number): (logits: tf.Tensor2D) => tf.Tensor2D {
    const target = smoothedTargets(y, teacher.smoothing, this.sizes.at(-1)!);
    return (logits) => tf.div(tf.sub(tf.softmax(logits), target), rows) as tf.Tensor2D;
  }

  /** What an evaluation predicts: each of these teachers (by default those training) on the training split, then on the test split. */
  evaluationTargets(train: Split, test: Split, teachers: readonly RunTeacher[] = this.training): EvaluationTarget[] {
    return teachers.flatMap(({ model }) => {
      const target = { predict: (rows: Rows) => model.predict(rows), rowFlops: forwardFlops(model.sizes), rowAxis: 0 };
      return [{ ...target, split: train }, { ...target, split: test }];
    });
  }

  /**
   * Tensors of [loss, train accuracy, test accuracy] per teacher (by default those training), from the evaluation's
   * logits (`logits(2i)` on the training split, `logits(2i + 1)` on the test split); the loss is the one each
   * minimises (smoothed targets for a smoothed teacher). Call inside tf.tidy.
   */
  metricTensors(logits: (part: number) => tf.Tensor2D, train: Split, test: Split, classes: number, teachers: readonly RunTeacher[] = this.training): tf.Tensor[] {
    return teachers.flatMap((teacher, i) => {
      const trainLogits = logits(2 * i);
      return [meanCrossEntropy(smoothedTargets(train.oneHot, teacher.smoothing, classes), trainLogits), accuracyTensor(trainLogits, train.labels), accuracyTensor(logits(2 * i + 1), test.labels)];
    });
  }

  /**
   * Each teacher's [loss, train accuracy, test accuracy] from a finished evaluation of `evaluationTargets(train, test,
   * teachers)`, read back at once; with `keepLogits` (their final weights), each one's test logits kept too. The
   * evaluation is disposed.
   */
  async readEvaluation(evaluation: SlicedEvaluation, train: Split, test: Split, classes: number, teachers: readonly RunTeacher[], keepLogits: boolean): Promise<ModelMetrics[]> {
    try {
      const values = await readValues(() => this.metricTensors((part) => evaluation.logits(part) as tf.Tensor2D, train, test, classes, teachers));
      for (const [i, teacher] of keepLogits ? teachers.entries() : []) {
        const logits = evaluation.logits(2 * i + 1);
        teacher.testLogits = (await readBack(logits.data()).finally(() => logits.dispose())) as Float32Array;
      }
      return teachers.map((_, i) => ({ loss: values[3 * i]!, trainAcc: values[3 * i + 1]!, testAcc: values[3 * i + 2]! }));
    } finally {
      evaluation.dispose();
    }
  }

  /** The teacher's (or twin's) softmax at each temperature over these rows, by T: the students' soft targets. */
  softTargets(rows: Rows, temperatures: readonly number[], role: TeacherRole = 'teacher'): Map<number, tf.Tensor2D> {
    const { model } = this.byRole(role);
    const targets = tf.tidy(() => {
      const logits = model.predict(rows);
      return temperatures.map((T) => tf.softmax(tf.div(logits, T)) as tf.Tensor2D);
    });
    return new Map(temperatures.map((T, i) => [T, targets[i]!]));
  }

  /** Stop training: the optimizers and dropout masks go. */
  freeze(): void {
    for (const teacher of this.all) {
      teacher.optimizer?.dispose();
      teacher.optimizer = null;
    }
    this.dropoutMasks?.dispose();
    this.dropoutMasks = null;
  }

  dispose(): void {
    this.freeze();
    for (const teacher of this.all) teacher.model.dispose();
  }
}
