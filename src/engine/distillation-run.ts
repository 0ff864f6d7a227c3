/**
 * One distillation experiment: a teacher trained on the full training set,
 * then frozen; students that share an architecture share their initial
 * weights and every batch, and differ only in their targets (hard labels, or
 * the teacher's soft targets at some T). Used by the browser worker and the
 * Node command line alike. Advances one epoch at a time so callers can pause,
 * step and report between epochs; reads metrics back only every few epochs.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../datasets/types';
import { stratifiedSubset, gatherRows } from '../../datasets/subset';
import { jitteredBatch } from '../../datasets/augment';
import { createRng, shuffledIndices, type Rng } from '../core/rng';
import { assertValidSettings, layersOf, type Settings } from '../core/settings';
import { softTemperatures, studentSpecs, type StudentSpec } from '../core/roster';
import { Mlp, initialWeights, type MlpWeights } from './mlp';
import { accuracyTensor, distillationLoss, meanCrossEntropy } from './tf-losses';
import { teacherCacheKey, type TeacherCache } from './teacher-cache';
import { makeSplit, disposeSplit, type Split } from './split';

export type Phase = 'teacher' | 'students' | 'done';

export interface ModelMetrics {
  /** Mean training loss over the epoch. */
  loss: number;
  /** Accuracy on the data the model trained on (the transfer set for students). */
  trainAcc: number;
  testAcc: number;
}

export interface RunMetrics {
  teacher?: ModelMetrics;
  /** By student id ('hard', 'soft', …). */
  students?: Record<string, ModelMetrics>;
}

export interface EpochReport {
  phase: 'teacher' | 'students';
  /** 1-based within its phase. */
  epoch: number;
  totalEpochs: number;
  /** Read back every few epochs and on the last one; absent otherwise. */
  metrics?: RunMetrics;
  /** True on the report after which the teacher is frozen and its soft targets exist. */
  teacherReady: boolean;
}

/** Aim for about this many metric points per phase on a chart. */
const METRIC_POINTS = 100;

export class TrainingDivergedError extends Error {}

interface Student {
  spec: StudentSpec;
  model: Mlp;
  optimizer: tf.Optimizer;
  /** Per-example weights over the transfer set when the student omits a class. */
  weights: tf.Tensor1D | null;
}

export class DistillationRun {
  readonly settings: Settings;
  readonly classes: number;
  readonly specs: StudentSpec[];
  /** Indices into the training set of the students' transfer set. */
  readonly transferIndices: Int32Array;
  phase: Phase;
  teacherEpoch = 0;
  studentEpoch = 0;
  /** The teacher came from the cache (same seed, data and teacher settings). */
  readonly teacherFromCache: boolean;
  lastMetrics: { teacher?: ModelMetrics; students: Record<string, ModelMetrics> } = { students: {} };

  private readonly dataset: Dataset;
  private readonly train: Split;
  private readonly test: Split;
  private readonly transfer: Split;
  private readonly teacher: Mlp;
  private readonly students: Student[];
  private teacherOptimizer: tf.Optimizer | null;
  /** Teacher soft targets on the transfer set, by temperature. */
  private softTargets = new Map<number, tf.Tensor2D>();
  private readonly teacherOrderRng: Rng;
  private readonly studentOrderRng: Rng;
  private readonly dropoutRng: Rng;
  private readonly jitterRng: Rng;
  private readonly cache: TeacherCache | undefined;
  private disposed = false;

  constructor(settings: Settings, dataset: Dataset, cache?: TeacherCache) {
    assertValidSettings(settings);
    this.settings = settings;
    this.dataset = dataset;
    this.cache = cache;
    this.classes = dataset.classNames.length;
    if (settings.omittedClass >= this.classes) throw new RangeError(`Omitted class ${settings.omittedClass} is not a class of ${dataset.name}.`);
    const { inputSize } = dataset;

    // Independent streams in a fixed order: the same seed gives the same run.
    const rng = createRng(settings.seed);
    const teacherInitRng = rng.fork();
    const studentInitRng = rng.fork();
    this.teacherOrderRng = rng.fork();
    this.studentOrderRng = rng.fork();
    this.dropoutRng = rng.fork();
    this.jitterRng = rng.fork();

    this.train = makeSplit(dataset.trainX, dataset.trainY, inputSize, this.classes);
    this.test = makeSplit(dataset.testX, dataset.testY, inputSize, this.classes);
    this.transferIndices = stratifiedSubset(dataset.trainY, this.classes, settings.studentFraction, settings.seed);
    const transfer = gatherRows(dataset.trainX, dataset.trainY, inputSize, this.transferIndices);
    this.transfer = makeSplit(transfer.x, transfer.y, inputSize, this.classes);

    const teacherSizes = [inputSize, ...layersOf(settings.teacherLayers), this.classes];
    const cached = cache?.get(teacherCacheKey(settings));
    this.teacherFromCache = cached !== undefined;
    this.teacher = new Mlp('teacher', teacherSizes, cached?.weights ?? initialWeights(teacherSizes, teacherInitRng));

    // One set of initial weights per architecture, shared by every student of that architecture.
    this.specs = studentSpecs(settings);
    const starts = new Map<string, MlpWeights>();
    this.students = this.specs.map((spec) => {
      const sizes = [inputSize, ...layersOf(spec.layers), this.classes];
      if (!starts.has(spec.layers)) starts.set(spec.layers, initialWeights(sizes, studentInitRng));
      const weights = spec.omitsClass < 0 ? null : tf.tidy(() => tf.cast(tf.notEqual(this.transfer.labels, spec.omitsClass), 'float32') as tf.Tensor1D);
      return { spec, model: new Mlp(spec.id, sizes, starts.get(spec.layers)!), optimizer: tf.train.adam(settings.learningRate), weights };
    });

    this.teacherOptimizer = cached ? null : tf.train.adam(settings.learningRate);
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

  /** Labels of the training split, in the order of `studentLogits(id, 'train')`. */
  get trainLabels(): Int32Array {
    return this.dataset.trainY;
  }

  /** Teacher logits for every example of a split (row-major, classes per row). */
  async teacherLogits(split: 'train' | 'test' = 'test'): Promise<Float32Array> {
    return this.readLogits(this.teacher, split);
  }

  async studentLogits(id: string, split: 'train' | 'test' = 'test'): Promise<Float32Array> {
    const student = this.students.find((s) => s.spec.id === id);
    if (!student) throw new Error(`No student “${id}” in this run.`);
    return this.readLogits(student.model, split);
  }

  /**
   * Predicted class and confidence (max probability, 0–255) of the teacher and
   * each named student at each grid point: one batched prediction per model,
   * one read-back for all of them.
   */
  async decisionMaps(points: Float32Array, ids: readonly string[]): Promise<Record<string, { classes: Uint8Array; confidence: Uint8Array }>> {
    const models = [['teacher', this.teacher] as const, ...ids.flatMap((id) => {
      const student = this.students.find((s) => s.spec.id === id);
      return student ? [[id, student.model] as const] : [];
    })];
    const count = points.length / this.dataset.inputSize;
    const stacked = tf.tidy(() => {
      const x = tf.tensor2d(points, [count, this.dataset.inputSize]);
      const parts = models.map(([, model]) => {
        const probabilities = tf.softmax(model.predict(x));
        return tf.stack([tf.cast(tf.argMax(probabilities, 1), 'float32'), tf.max(probabilities, 1)]);
      });
      return tf.stack(parts);
    });
    const values = (await stacked.data()) as Float32Array;
    stacked.dispose();
    const maps: Record<string, { classes: Uint8Array; confidence: Uint8Array }> = {};
    models.forEach(([id], m) => {
      const base = m * 2 * count;
      maps[id] = {
        classes: Uint8Array.from(values.subarray(base, base + count)),
        confidence: Uint8Array.from(values.subarray(base + count, base + 2 * count), (p) => Math.round(p * 255)),
      };
    });
    return maps;
  }

  /** Current weights of every student, by id, for checking shared initialisation. */
  async studentWeights(): Promise<Record<string, MlpWeights>> {
    const entries = await Promise.all(this.students.map(async (s) => [s.spec.id, await s.model.readWeights()] as const));
    return Object.fromEntries(entries);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.teacher.dispose();
    this.teacherOptimizer?.dispose();
    for (const s of this.students) {
      s.model.dispose();
      s.optimizer.dispose();
      s.weights?.dispose();
    }
    for (const split of [this.train, this.test, this.transfer]) disposeSplit(split);
    for (const targets of this.softTargets.values()) targets.dispose();
  }

  private async readLogits(model: Mlp, split: 'train' | 'test'): Promise<Float32Array> {
    const logits = model.predict((split === 'train' ? this.train : this.test).x);
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

  /** A teacher batch: gathered on the device, or built jittered on the CPU for images. */
  private teacherBatchInputs(batch: Int32Array): tf.Tensor2D {
    const side = this.dataset.imageSide;
    const jitter = this.settings.teacherJitter;
    if (side && jitter > 0) return tf.tensor2d(jitteredBatch(this.dataset.trainX, batch, side, jitter, this.jitterRng), [batch.length, side * side]);
    return tf.gather(this.train.x, tf.tensor1d(batch, 'int32'));
  }

  private async teacherEpochStep(): Promise<EpochReport> {
    const optimizer = this.teacherOptimizer!;
    const { teacherDropout, teacherBatchSize } = this.settings;
    let lossSum: tf.Scalar = tf.scalar(0);
    const batches = this.batches(this.train.count, this.teacherOrderRng, teacherBatchSize);
    for (const batch of batches) {
      const dropoutSeed = this.dropoutRng.int(2 ** 30);
      const cost = tf.tidy(() => {
        const x = this.teacherBatchInputs(batch);
        const y = tf.gather(this.train.oneHot, tf.tensor1d(batch, 'int32'));
        return optimizer.minimize(() => meanCrossEntropy(y, this.teacher.logits(x, { rate: teacherDropout, seed: dropoutSeed })), true, this.teacher.variables)!;
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
        this.cache.set(teacherCacheKey(this.settings), { weights: await this.teacher.readWeights(), metrics: this.lastMetrics.teacher });
      }
    }
    return report;
  }

  /** The teacher's soft targets at each training temperature, computed once for the transfer set. */
  private freezeTeacher(): void {
    this.teacherOptimizer?.dispose();
    this.teacherOptimizer = null;
    const logits = this.teacher.predict(this.transfer.x);
    for (const T of softTemperatures(this.specs)) {
      this.softTargets.set(T, tf.tidy(() => tf.softmax(tf.div(logits, T)) as tf.Tensor2D));
    }
    logits.dispose();
  }

  private studentLoss(student: Student, x: tf.Tensor2D, oneHot: tf.Tensor2D, indices: tf.Tensor1D): () => tf.Scalar {
    const weights = student.weights ? tf.gather(student.weights, indices) : undefined;
    const { target } = student.spec;
    if (target.kind === 'hard') return () => meanCrossEntropy(oneHot, student.model.logits(x), 1, weights);
    const softTargets = tf.gather(this.softTargets.get(target.temperature)!, indices);
    return () => distillationLoss(softTargets, oneHot, student.model.logits(x), target.temperature, target.alpha, weights);
  }

  private async studentEpochStep(): Promise<EpochReport> {
    let lossSums = this.students.map(() => tf.scalar(0));
    const batches = this.batches(this.transfer.count, this.studentOrderRng, this.settings.batchSize);
    for (const batch of batches) {
      // Every student sees exactly this batch, in this order.
      const costs = tf.tidy(() => {
        const indices = tf.tensor1d(batch, 'int32');
        const x = tf.gather(this.transfer.x, indices);
        const oneHot = tf.gather(this.transfer.oneHot, indices);
        return this.students.map((s) => s.optimizer.minimize(this.studentLoss(s, x, oneHot, indices), true, s.model.variables)!);
      });
      const next = lossSums.map((sum, i) => tf.add(sum, costs[i]!) as tf.Scalar);
      tf.dispose([...lossSums, ...costs]);
      lossSums = next;
    }
    this.studentEpoch++;
    const total = this.settings.studentEpochs;
    const report: EpochReport = { phase: 'students', epoch: this.studentEpoch, totalEpochs: total, teacherReady: false };
    if (this.isMetricsEpoch(this.studentEpoch, total)) {
      const values = await this.readScalars(() =>
        this.students.flatMap((s, i) => [
          tf.div(lossSums[i]!, batches.length) as tf.Scalar,
          accuracyTensor(s.model.predict(this.transfer.x), this.transfer.labels),
          accuracyTensor(s.model.predict(this.test.x), this.test.labels),
        ]),
      );
      const students: Record<string, ModelMetrics> = {};
      this.students.forEach((s, i) => {
        const [loss, trainAcc, testAcc] = values.slice(3 * i, 3 * i + 3) as [number, number, number];
        students[s.spec.id] = this.checkFinite(s.spec.label.toLowerCase(), { loss, trainAcc, testAcc });
      });
      report.metrics = { students };
      this.lastMetrics.students = students;
    }
    tf.dispose(lossSums);
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
