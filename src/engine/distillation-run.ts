/**
 * One distillation experiment: a teacher trained on the full training set,
 * then frozen; two students with the same architecture, the same initial
 * weights and the same batches, one on hard labels, one on the teacher's
 * temperature-scaled soft targets. Used by the browser worker and by the Node
 * command line alike. Advances one epoch at a time so callers can pause,
 * step and report between epochs; reads metrics back only every few epochs.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../datasets/types';
import { stratifiedSubset, gatherRows } from '../../datasets/subset';
import { createRng, shuffledIndices, type Rng } from '../core/rng';
import { assertValidSettings, studentHidden, type Settings } from '../core/settings';
import { Mlp, initialWeights } from './mlp';
import { accuracyTensor, distillationLoss, meanCrossEntropy } from './tf-losses';
import { teacherCacheKey, type TeacherCache, type TeacherSnapshot } from './teacher-cache';

export type Phase = 'teacher' | 'students' | 'done';

export interface ModelMetrics {
  /** Mean training loss over the epoch. */
  loss: number;
  /** Accuracy on the data the model trained on (the transfer set for students). */
  trainAcc: number;
  testAcc: number;
}

export interface EpochReport {
  phase: 'teacher' | 'students';
  /** 1-based within its phase. */
  epoch: number;
  totalEpochs: number;
  /** Read back every few epochs and on the last one; absent otherwise. */
  metrics?: { teacher?: ModelMetrics; hard?: ModelMetrics; soft?: ModelMetrics };
  /** True on the report after which the teacher is frozen and its soft targets exist. */
  teacherReady: boolean;
}

/** Aim for about this many metric points per phase on a chart. */
const METRIC_POINTS = 100;

export class TrainingDivergedError extends Error {}

interface Split {
  x: tf.Tensor2D;
  labels: tf.Tensor1D;
  oneHot: tf.Tensor2D;
  count: number;
}

function makeSplit(x: Float32Array, y: Int32Array, inputSize: number, classes: number): Split {
  return tf.tidy(() => {
    const labels = tf.tensor1d(y, 'int32');
    return {
      x: tf.tensor2d(x, [y.length, inputSize]),
      labels,
      oneHot: tf.oneHot(labels, classes).toFloat() as tf.Tensor2D,
      count: y.length,
    };
  });
}

function disposeSplit(split: Split): void {
  tf.dispose([split.x, split.labels, split.oneHot]);
}

export class DistillationRun {
  readonly settings: Settings;
  readonly classes: number;
  /** Indices into the training set of the students' transfer set. */
  readonly transferIndices: Int32Array;
  phase: Phase;
  teacherEpoch = 0;
  studentEpoch = 0;
  /** The teacher came from the cache (same seed, data and teacher settings). */
  readonly teacherFromCache: boolean;
  lastMetrics: { teacher?: ModelMetrics; hard?: ModelMetrics; soft?: ModelMetrics } = {};

  private readonly train: Split;
  private readonly test: Split;
  private readonly transfer: Split;
  private readonly teacher: Mlp;
  private readonly hard: Mlp;
  private readonly soft: Mlp;
  private teacherOptimizer: tf.Optimizer | null;
  private readonly hardOptimizer: tf.Optimizer;
  private readonly softOptimizer: tf.Optimizer;
  private softTargets: tf.Tensor2D | null = null;
  private readonly teacherOrderRng: Rng;
  private readonly studentOrderRng: Rng;
  private readonly dropoutRng: Rng;
  private readonly cache: TeacherCache | undefined;
  private disposed = false;

  constructor(settings: Settings, dataset: Dataset, cache?: TeacherCache) {
    assertValidSettings(settings);
    this.settings = settings;
    this.cache = cache;
    this.classes = dataset.classNames.length;
    const { inputSize } = dataset;

    // Independent streams in a fixed order: the same seed gives the same run.
    const rng = createRng(settings.seed);
    const teacherInitRng = rng.fork();
    const studentInitRng = rng.fork();
    this.teacherOrderRng = rng.fork();
    this.studentOrderRng = rng.fork();
    this.dropoutRng = rng.fork();

    this.train = makeSplit(dataset.trainX, dataset.trainY, inputSize, this.classes);
    this.test = makeSplit(dataset.testX, dataset.testY, inputSize, this.classes);
    this.transferIndices = stratifiedSubset(dataset.trainY, this.classes, settings.studentFraction, settings.seed);
    const transfer = gatherRows(dataset.trainX, dataset.trainY, inputSize, this.transferIndices);
    this.transfer = makeSplit(transfer.x, transfer.y, inputSize, this.classes);

    const teacherSizes = [inputSize, ...settings.teacherHidden, this.classes];
    const cached = cache?.get(teacherCacheKey(settings));
    this.teacherFromCache = cached !== undefined;
    this.teacher = new Mlp('teacher', teacherSizes, cached?.weights ?? initialWeights(teacherSizes, teacherInitRng));

    const studentSizes = [inputSize, ...studentHidden(settings.studentSize), this.classes];
    const studentStart = initialWeights(studentSizes, studentInitRng);
    this.hard = new Mlp('hard-student', studentSizes, studentStart);
    this.soft = new Mlp('soft-student', studentSizes, studentStart);

    this.teacherOptimizer = cached ? null : tf.train.adam(settings.learningRate);
    this.hardOptimizer = tf.train.adam(settings.learningRate);
    this.softOptimizer = tf.train.adam(settings.learningRate);

    if (cached) {
      this.teacherEpoch = settings.teacherEpochs;
      this.lastMetrics.teacher = cached.metrics;
      this.freezeTeacher();
      this.phase = 'students';
    } else {
      this.phase = 'teacher';
    }
  }

  /** Run one epoch of the current phase. */
  async advance(): Promise<EpochReport> {
    if (this.disposed) throw new Error('This run was disposed.');
    if (this.phase === 'teacher') return this.teacherEpochStep();
    if (this.phase === 'students') return this.studentEpochStep();
    throw new Error('The run is finished; reset to train again.');
  }

  /** Teacher logits for every test example (row-major, classes per row). */
  async teacherTestLogits(): Promise<Float32Array> {
    return this.readLogits(this.teacher);
  }

  async studentTestLogits(): Promise<{ hard: Float32Array; soft: Float32Array }> {
    return { hard: await this.readLogits(this.hard), soft: await this.readLogits(this.soft) };
  }

  /** Current weights of both students, for checking they start identical. */
  async studentWeights(): Promise<{ hard: Float32Array[]; soft: Float32Array[] }> {
    return { hard: await this.hard.readWeights(), soft: await this.soft.readWeights() };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const model of [this.teacher, this.hard, this.soft]) model.dispose();
    for (const optimizer of [this.teacherOptimizer, this.hardOptimizer, this.softOptimizer]) optimizer?.dispose();
    for (const split of [this.train, this.test, this.transfer]) disposeSplit(split);
    this.softTargets?.dispose();
  }

  private async readLogits(model: Mlp): Promise<Float32Array> {
    const logits = model.predict(this.test.x);
    const values = (await logits.data()) as Float32Array;
    logits.dispose();
    return values;
  }

  private isMetricsEpoch(epoch: number, total: number): boolean {
    const every = Math.max(1, Math.round(total / METRIC_POINTS));
    return epoch === 1 || epoch === total || epoch % every === 0;
  }

  private batches(count: number, rng: Rng, batchSize: number): Int32Array[] {
    const order = shuffledIndices(count, rng);
    const batches: Int32Array[] = [];
    for (let start = 0; start < count; start += batchSize) batches.push(order.subarray(start, Math.min(count, start + batchSize)));
    return batches;
  }

  private async teacherEpochStep(): Promise<EpochReport> {
    const optimizer = this.teacherOptimizer!;
    const { teacherDropout, teacherBatchSize } = this.settings;
    let lossSum: tf.Scalar = tf.scalar(0);
    const batches = this.batches(this.train.count, this.teacherOrderRng, teacherBatchSize);
    for (const batch of batches) {
      const dropoutSeed = this.dropoutRng.int(2 ** 30);
      const cost = tf.tidy(() => {
        const indices = tf.tensor1d(batch, 'int32');
        const x = tf.gather(this.train.x, indices);
        const y = tf.gather(this.train.oneHot, indices);
        return optimizer.minimize(
          () => meanCrossEntropy(y, this.teacher.logits(x, { rate: teacherDropout, seed: dropoutSeed })),
          true,
          this.teacher.variables,
        )!;
      });
      const next = tf.add(lossSum, cost) as tf.Scalar;
      tf.dispose([lossSum, cost]);
      lossSum = next;
    }
    this.teacherEpoch++;
    const total = this.settings.teacherEpochs;
    const report: EpochReport = { phase: 'teacher', epoch: this.teacherEpoch, totalEpochs: total, teacherReady: false };
    if (this.isMetricsEpoch(this.teacherEpoch, total)) {
      const [loss, trainAcc, testAcc] = await this.readScalars(() => [
        tf.div(lossSum, batches.length) as tf.Scalar,
        accuracyTensor(this.teacher.predict(this.train.x), this.train.labels),
        accuracyTensor(this.teacher.predict(this.test.x), this.test.labels),
      ]);
      report.metrics = { teacher: this.checkFinite('teacher', { loss: loss!, trainAcc: trainAcc!, testAcc: testAcc! }) };
      this.lastMetrics.teacher = report.metrics.teacher;
    }
    lossSum.dispose();
    if (this.teacherEpoch >= total) {
      this.freezeTeacher();
      this.phase = 'students';
      report.teacherReady = true;
      if (this.cache && this.lastMetrics.teacher) {
        const snapshot: TeacherSnapshot = { weights: await this.teacher.readWeights(), metrics: this.lastMetrics.teacher };
        this.cache.set(teacherCacheKey(this.settings), snapshot);
      }
    }
    return report;
  }

  /** The teacher's soft targets at the training temperature, computed once for the transfer set. */
  private freezeTeacher(): void {
    this.teacherOptimizer?.dispose();
    this.teacherOptimizer = null;
    const { temperature } = this.settings;
    this.softTargets = tf.tidy(() => tf.softmax(tf.div(this.teacher.predict(this.transfer.x), temperature)) as tf.Tensor2D);
  }

  private async studentEpochStep(): Promise<EpochReport> {
    const { temperature, alpha, batchSize } = this.settings;
    const softTargets = this.softTargets!;
    let hardSum: tf.Scalar = tf.scalar(0);
    let softSum: tf.Scalar = tf.scalar(0);
    const batches = this.batches(this.transfer.count, this.studentOrderRng, batchSize);
    for (const batch of batches) {
      // Both students see exactly this batch, in this order.
      const [hardCost, softCost] = tf.tidy(() => {
        const indices = tf.tensor1d(batch, 'int32');
        const x = tf.gather(this.transfer.x, indices);
        const oneHot = tf.gather(this.transfer.oneHot, indices);
        const targets = tf.gather(softTargets, indices);
        const hardCost = this.hardOptimizer.minimize(() => meanCrossEntropy(oneHot, this.hard.logits(x)), true, this.hard.variables)!;
        const softCost = this.softOptimizer.minimize(
          () => distillationLoss(targets, oneHot, this.soft.logits(x), temperature, alpha),
          true,
          this.soft.variables,
        )!;
        return [hardCost, softCost];
      });
      const nextHard = tf.add(hardSum, hardCost) as tf.Scalar;
      const nextSoft = tf.add(softSum, softCost) as tf.Scalar;
      tf.dispose([hardSum, softSum, hardCost, softCost]);
      hardSum = nextHard;
      softSum = nextSoft;
    }
    this.studentEpoch++;
    const total = this.settings.studentEpochs;
    const report: EpochReport = { phase: 'students', epoch: this.studentEpoch, totalEpochs: total, teacherReady: false };
    if (this.isMetricsEpoch(this.studentEpoch, total)) {
      const values = await this.readScalars(() => [
        tf.div(hardSum, batches.length) as tf.Scalar,
        accuracyTensor(this.hard.predict(this.transfer.x), this.transfer.labels),
        accuracyTensor(this.hard.predict(this.test.x), this.test.labels),
        tf.div(softSum, batches.length) as tf.Scalar,
        accuracyTensor(this.soft.predict(this.transfer.x), this.transfer.labels),
        accuracyTensor(this.soft.predict(this.test.x), this.test.labels),
      ]);
      const [hl, htr, hte, sl, str, ste] = values as [number, number, number, number, number, number];
      report.metrics = {
        hard: this.checkFinite('hard-label student', { loss: hl, trainAcc: htr, testAcc: hte }),
        soft: this.checkFinite('soft-target student', { loss: sl, trainAcc: str, testAcc: ste }),
      };
      this.lastMetrics.hard = report.metrics.hard;
      this.lastMetrics.soft = report.metrics.soft;
    }
    tf.dispose([hardSum, softSum]);
    if (this.studentEpoch >= total) this.phase = 'done';
    return report;
  }

  /** Evaluate several scalars in one tensor and read them back with a single await. */
  private async readScalars(build: () => tf.Scalar[]): Promise<number[]> {
    const stacked = tf.tidy(() => tf.stack(build()));
    const values = await stacked.data();
    stacked.dispose();
    return Array.from(values);
  }

  private checkFinite(model: string, metrics: ModelMetrics): ModelMetrics {
    if (!Number.isFinite(metrics.loss)) {
      const epoch = model === 'teacher' ? this.teacherEpoch : this.studentEpoch;
      throw new TrainingDivergedError(
        `Training diverged: the ${model}'s loss became ${metrics.loss} at epoch ${epoch}. Lower the learning rate (now ${this.settings.learningRate}) or the temperature, then reset.`,
      );
    }
    return metrics;
  }
}
