/**
 * One distillation experiment: a teacher trained on the full training set,
 * then frozen; students that share an architecture share their initial
 * weights and every batch, and differ only in their targets (hard labels, or
 * the teacher's soft targets at some T). Used by the browser worker and the
 * Node command line alike. Advances one epoch at a time so callers can pause,
 * step and report between epochs; reads metrics back only every few epochs.
 */
import { divergenceAdvice } from '../core/run-advice';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../datasets/types';
import { stratifiedSubset, gatherRows } from '../../datasets/subset';
import { createRng, type Rng } from '../core/rng';
import { assertValidSettings, keptClassList, layersOf, type Settings } from '../core/settings';
import { softTemperatures, studentGroups, studentSpecs, type ModelMetrics, type Phase, type StudentSpec, type TrainingPhase } from '../core/roster';
import { Mlp, initialWeights, type MlpWeights } from './mlp';
import { accuracyTensor, meanCrossEntropy } from './tf-losses';
import type { TeacherCache } from './teacher-cache';
import { teacherKey, type TeacherOrigin } from '../core/teacher-origin';
import { makeSplit, disposeSplit, type Split } from './split';
import { DeviceJitter, EpochOrder } from './device-batches';
import { StudentStack } from './student-stack';
import { DropoutMasks } from './dropout-masks';
import { Adam } from './adam';
import { isMetricsEpoch } from '../core/run-estimate';
import { readBack } from './backend-loss';

export type { ModelMetrics, Phase } from '../core/roster';

export interface RunMetrics {
  teacher?: ModelMetrics;
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

/** Which epochs are evaluated is core (src/core/run-estimate.ts): the run-time estimate counts them too. */
export { METRIC_POINTS } from '../core/run-estimate';

export class TrainingDivergedError extends Error {}

/** An epoch's batches, run a slice at a time (DistillationRun.advanceFor). */
interface EpochInProgress {
  next: number;
  count: number;
  runBatch(k: number): void;
  /** Frees the epoch's batch order (and jitter shifts) once it is finished or the run is dropped. */
  release(): void;
}

/**
 * The students' transfer set, as indices into the training set: a stratified, seeded share of it
 * (studentFraction), less the examples of classes that no student learns from (with only 7s and 8s
 * kept, just the 7s and 8s). A class that some students ignore and others learn stays in, with
 * weight 0 for those that ignore it, so every student still sees the same batches.
 */
export function transferIndicesFor(settings: Settings, trainLabels: Int32Array, classes: number, specs: readonly StudentSpec[] = studentSpecs(settings)): Int32Array {
  const unseen = new Set(Array.from({ length: classes }, (_, k) => k).filter((k) => specs.every((s) => s.ignoredClasses.includes(k))));
  const chosen = stratifiedSubset(trainLabels, classes, settings.studentFraction, settings.seed);
  return unseen.size === 0 ? chosen : chosen.filter((i) => !unseen.has(trainLabels[i]!));
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
  get teacherFromCache(): boolean {
    return this.teacherOrigin.kind !== 'trained';
  }
  /** Where the teacher came from: trained by this run, reused, stored or shipped. */
  readonly teacherOrigin: TeacherOrigin;
  lastMetrics: { teacher?: ModelMetrics; students: Record<string, ModelMetrics> } = { students: {} };

  private readonly dataset: Dataset;
  private readonly train: Split;
  private readonly test: Split;
  private readonly transfer: Split;
  private readonly teacher: Mlp;
  /** Students grouped by architecture; each group advances as one stacked model. */
  private readonly stacks: StudentStack[];
  private teacherOptimizer: Adam | null;
  private readonly jitter: DeviceJitter | null;
  private readonly dropoutMasks: DropoutMasks | null;
  private readonly teacherOrderRng: Rng;
  private readonly studentOrderRng: Rng;
  private readonly dropoutRng: Rng;
  private readonly jitterRng: Rng;
  private readonly cache: TeacherCache | undefined;
  private disposed = false;
  /** The epoch whose batches are under way (see advanceFor); null between epochs. */
  private epochInProgress: EpochInProgress | null = null;

  constructor(settings: Settings, dataset: Dataset, cache?: TeacherCache) {
    assertValidSettings(settings);
    this.settings = settings;
    this.dataset = dataset;
    this.cache = cache;
    this.classes = dataset.classNames.length;
    if (settings.omittedClass >= this.classes) throw new RangeError(`Omitted class ${settings.omittedClass} is not a class of ${dataset.name}.`);
    const foreign = keptClassList(settings.keptClasses).filter((k) => k >= this.classes);
    if (foreign.length > 0) throw new RangeError(`Kept class ${foreign.join(', ')} is not a class of ${dataset.name}.`);
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
    this.specs = studentSpecs(settings);
    this.transferIndices = transferIndicesFor(settings, dataset.trainY, this.classes, this.specs);
    const transfer = gatherRows(dataset.trainX, dataset.trainY, inputSize, this.transferIndices);
    this.transfer = makeSplit(transfer.x, transfer.y, inputSize, this.classes);
    this.jitter = dataset.imageSide && settings.teacherJitter > 0 ? new DeviceJitter(dataset.imageSide, settings.teacherJitter) : null;

    const teacherSizes = [inputSize, ...layersOf(settings.teacherLayers), this.classes];
    const cached = cache?.get(teacherKey(settings));
    this.dropoutMasks = !cached && settings.teacherDropout > 0 ? new DropoutMasks(settings.teacherBatchSize, teacherSizes.slice(1, -1), settings.teacherDropout, this.dropoutRng) : null;
    this.teacherOrigin = !cached ? { kind: 'trained' } : cached.origin.kind === 'trained' ? { kind: 'reused' } : cached.origin;
    this.teacher = new Mlp('teacher', teacherSizes, cached?.weights ?? initialWeights(teacherSizes, teacherInitRng));

    // One set of initial weights per architecture, shared by every student of that architecture.
    this.stacks = studentGroups(this.specs).map(({ layers, members }) => {
      const sizes = [inputSize, ...layersOf(layers), this.classes];
      return new StudentStack(members, sizes, initialWeights(sizes, studentInitRng), this.transfer.hostLabels, settings.learningRate);
    });

    this.teacherOptimizer = cached ? null : new Adam(this.teacher.variables, settings.learningRate);
    if (cached) {
      this.teacherEpoch = settings.teacherEpochs;
      this.lastMetrics.teacher = cached.metrics;
      this.freezeTeacher();
      this.phase = 'students';
    } else {
      this.phase = 'teacher';
    }
  }

  /** Run (the rest of) one epoch of the current phase. */
  async advance(): Promise<EpochReport> {
    return (await this.advanceFor(Infinity))!;
  }

  /**
   * Train the current epoch's batches for about `budgetMs`, then stop between two batches: the epoch's report
   * once it is finished, null while batches remain (call again to go on, with the same batches in the same
   * order). The worker trains in slices like this so that Pause and Reset act within a moment, not at the end
   * of an epoch of a large model.
   */
  async advanceFor(budgetMs: number): Promise<EpochReport | null> {
    if (this.disposed) throw new Error('This run was disposed.');
    if (this.phase === 'done') throw new Error('The run is finished; reset to train again.');
    if (!this.epochInProgress) this.epochInProgress = this.phase === 'teacher' ? this.beginTeacherEpoch() : await this.beginStudentEpoch();
    const epoch = this.epochInProgress;
    const start = performance.now();
    while (epoch.next < epoch.count) {
      epoch.runBatch(epoch.next++);
      if (epoch.next < epoch.count && performance.now() - start >= budgetMs) return null;
    }
    this.epochInProgress = null;
    epoch.release();
    return this.phase === 'teacher' ? this.finishTeacherEpoch() : this.finishStudentEpoch();
  }

  /** Labels of the training split, in the order of `studentLogits(id, 'train')`. */
  get trainLabels(): Int32Array {
    return this.dataset.trainY;
  }

  /** The teacher's weights, as trained so far (for storing and shipping). */
  teacherWeights(): Promise<MlpWeights> {
    return this.teacher.readWeights();
  }

  /** Teacher logits for every example of a split (row-major, classes per row). */
  async teacherLogits(split: 'train' | 'test' = 'test'): Promise<Float32Array> {
    const logits = this.teacher.predict(this.splitOf(split).chunks);
    const values = (await readBack(logits.data())) as Float32Array;
    logits.dispose();
    return values;
  }

  async studentLogits(id: string, split: 'train' | 'test' = 'test'): Promise<Float32Array> {
    const logits = await this.studentsLogits([id], split);
    return logits[id]!;
  }

  /** Logits of the named students on a split, one prediction per stacked group, by id. */
  async studentsLogits(ids: readonly string[], split: 'train' | 'test' = 'test'): Promise<Record<string, Float32Array>> {
    const result: Record<string, Float32Array> = {};
    const x = this.splitOf(split).chunks;
    const rows = this.splitOf(split).count;
    for (const stack of this.stacks) {
      const wanted = stack.members.flatMap((m, s) => (ids.includes(m.id) ? [s] : []));
      if (wanted.length === 0) continue;
      const logits = stack.model.predict(x);
      const values = (await readBack(logits.data())) as Float32Array;
      logits.dispose();
      const size = rows * this.classes;
      for (const s of wanted) result[stack.members[s]!.id] = values.slice(s * size, (s + 1) * size);
    }
    for (const id of ids) if (!result[id]) throw new Error(`No student “${id}” in this run.`);
    return result;
  }

  /**
   * Predicted class and confidence (max probability, 0–255) of the teacher and
   * each named student at each grid point: one batched prediction per model
   * group, one read-back for all of them.
   */
  async decisionMaps(points: Float32Array, ids: readonly string[]): Promise<Record<string, { classes: Uint8Array; confidence: Uint8Array }>> {
    const count = points.length / this.dataset.inputSize;
    const members = this.stacks.flatMap((stack) => stack.members.flatMap((m, s) => (ids.includes(m.id) ? [{ id: m.id, stack, s }] : [])));
    const models = ['teacher', ...members.map((m) => m.id)];
    const stacked = tf.tidy(() => {
      const x = tf.tensor2d(points, [count, this.dataset.inputSize]);
      const summary = (logits: tf.Tensor2D) => {
        const probabilities = tf.softmax(logits);
        return tf.stack([tf.cast(tf.argMax(probabilities, 1), 'float32'), tf.max(probabilities, 1)]);
      };
      const wanted = new Set(members.map((m) => m.stack));
      const studentLogits = new Map([...wanted].map((stack) => [stack, tf.unstack(stack.model.predict(x)) as tf.Tensor2D[]]));
      return tf.stack([summary(this.teacher.predict(x)), ...members.map((m) => summary(studentLogits.get(m.stack)![m.s]!))]);
    });
    const values = (await readBack(stacked.data())) as Float32Array;
    stacked.dispose();
    const maps: Record<string, { classes: Uint8Array; confidence: Uint8Array }> = {};
    models.forEach((id, m) => {
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
    const entries: [string, MlpWeights][] = [];
    for (const stack of this.stacks) {
      for (const [s, member] of stack.members.entries()) entries.push([member.id, await stack.model.readWeights(s)]);
    }
    return Object.fromEntries(entries);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.epochInProgress?.release();
    this.epochInProgress = null;
    this.teacher.dispose();
    this.teacherOptimizer?.dispose();
    for (const stack of this.stacks) stack.dispose();
    for (const split of [this.train, this.test, this.transfer]) disposeSplit(split);
    this.jitter?.dispose();
    this.dropoutMasks?.dispose();
  }

  private splitOf(split: 'train' | 'test'): Split {
    return split === 'train' ? this.train : this.test;
  }

  private beginTeacherEpoch(): EpochInProgress {
    const optimizer = this.teacherOptimizer!;
    const { teacherBatchSize } = this.settings;
    const order = new EpochOrder(this.train.count, teacherBatchSize, this.teacherOrderRng);
    // Shifts for the whole epoch in one upload (drawn in batch order, as the CPU jitter would).
    const shifts = this.jitter?.drawShifts(this.train.count, teacherBatchSize, this.jitterRng) ?? [];
    order.prepare([this.train.xRows, this.train.oneHotRows]);
    return {
      next: 0,
      count: order.batchCount,
      runBatch: (k) =>
        tf.tidy(() => {
          let x = order.rows(this.train.xRows, k) as tf.Tensor2D;
          const rows = x.shape[0];
          if (this.jitter) x = this.jitter.apply(x, shifts[k]!);
          const y = order.rows(this.train.oneHotRows, k) as tf.Tensor2D;
          // ∂(mean cross-entropy)/∂logits = (softmax − onehot) / B.
          const lossGradient = (logits: tf.Tensor2D) => tf.div(tf.sub(tf.softmax(logits), y), rows) as tf.Tensor2D;
          optimizer.applyGradients(this.teacher.gradients(x, lossGradient, this.dropoutMasks?.pick(rows, this.dropoutRng)));
        }),
      release: () => {
        tf.dispose(shifts);
        order.dispose();
      },
    };
  }

  private async finishTeacherEpoch(): Promise<EpochReport> {
    this.teacherEpoch++;
    const total = this.settings.teacherEpochs;
    const report: EpochReport = { phase: 'teacher', epoch: this.teacherEpoch, totalEpochs: total, teacherReady: false };
    if (isMetricsEpoch('teacher', this.teacherEpoch, total)) {
      const [loss, trainAcc, testAcc] = await this.readValues(() => {
        const trainLogits = this.teacher.predict(this.train.chunks);
        return [meanCrossEntropy(this.train.oneHot, trainLogits), accuracyTensor(trainLogits, this.train.labels), accuracyTensor(this.teacher.predict(this.test.chunks), this.test.labels)];
      });
      report.metrics = { teacher: this.checkFinite('teacher', { loss: loss!, trainAcc: trainAcc!, testAcc: testAcc! }) };
      this.lastMetrics.teacher = report.metrics.teacher;
    }
    if (this.teacherEpoch >= total) {
      this.freezeTeacher();
      this.phase = 'students';
      report.teacherReady = true;
      if (this.cache && this.lastMetrics.teacher) {
        this.cache.set(teacherKey(this.settings), { weights: await this.teacher.readWeights(), metrics: this.lastMetrics.teacher, origin: { kind: 'trained' } });
      }
    }
    return report;
  }

  /** The teacher's soft targets at each training temperature, computed once for the transfer set and handed to the students. */
  private freezeTeacher(): void {
    this.teacherOptimizer?.dispose();
    this.dropoutMasks?.dispose();
    this.teacherOptimizer = null;
    const temperatures = softTemperatures(this.specs);
    const targets = tf.tidy(() => {
      const logits = this.teacher.predict(this.transfer.chunks);
      return temperatures.map((T) => tf.softmax(tf.div(logits, T)) as tf.Tensor2D);
    });
    const softTargets = new Map(temperatures.map((T, i) => [T, targets[i]!]));
    for (const stack of this.stacks) stack.setTargets(softTargets, this.transfer.oneHot);
    tf.dispose(targets);
  }

  private async beginStudentEpoch(): Promise<EpochInProgress> {
    const sources = await Promise.all(this.stacks.map((stack) => stack.batchSources()));
    const order = new EpochOrder(this.transfer.count, this.settings.batchSize, this.studentOrderRng);
    order.prepare([this.transfer.xRows, this.transfer.oneHotRows, ...sources.flatMap((s) => (s.weights ? [s.targets, s.weights] : [s.targets]))]);
    return {
      next: 0,
      count: order.batchCount,
      // Every student sees exactly this batch, in this order.
      runBatch: (k) =>
        tf.tidy(() => {
          const x = order.rows(this.transfer.xRows, k) as tf.Tensor2D;
          const oneHot = order.rows(this.transfer.oneHotRows, k) as tf.Tensor2D;
          this.stacks.forEach((stack, i) => {
            const { targets, weights } = sources[i]!;
            stack.step(x, oneHot, order.rows(targets, k) as tf.Tensor3D, weights ? (order.rows(weights, k) as tf.Tensor3D) : null);
          });
        }),
      release: () => order.dispose(),
    };
  }

  private async finishStudentEpoch(): Promise<EpochReport> {
    this.studentEpoch++;
    const total = this.settings.studentEpochs;
    const report: EpochReport = { phase: 'students', epoch: this.studentEpoch, totalEpochs: total, teacherReady: false };
    if (isMetricsEpoch('students', this.studentEpoch, total)) {
      // Per group: [loss, trainAcc, testAcc] × members, one read-back for the whole run.
      const values = await this.readValues(() =>
        this.stacks.map((stack) => {
          const accuracy = (logits: tf.Tensor3D, split: Split) => tf.mean(tf.cast(tf.equal(tf.argMax(logits, 2), tf.expandDims(split.labels, 0)), 'float32'), 1);
          const transferLogits = stack.model.predict(this.transfer.chunks);
          const losses = stack.transferLosses(transferLogits, this.transfer.oneHot);
          return tf.stack([losses, accuracy(transferLogits, this.transfer), accuracy(stack.model.predict(this.test.chunks), this.test)], 1).flatten();
        }),
      );
      const students: Record<string, ModelMetrics> = {};
      let offset = 0;
      for (const stack of this.stacks) {
        for (const member of stack.members) {
          const [loss, trainAcc, testAcc] = values.slice(offset, offset + 3) as [number, number, number];
          offset += 3;
          students[member.id] = this.checkFinite(member.label.toLowerCase(), { loss, trainAcc, testAcc });
        }
      }
      report.metrics = { students };
      this.lastMetrics.students = students;
    }
    if (this.studentEpoch >= total) this.phase = 'done';
    return report;
  }

  /** Evaluate several tensors in one and read them back with a single await. */
  private async readValues(build: () => tf.Tensor[]): Promise<number[]> {
    const joined = tf.tidy(() => tf.concat(build().map((t) => t.flatten())));
    const values = await readBack(joined.data());
    joined.dispose();
    return Array.from(values);
  }

  private checkFinite(model: string, metrics: ModelMetrics): ModelMetrics {
    if (!Number.isFinite(metrics.loss)) {
      const epoch = model === 'teacher' ? this.teacherEpoch : this.studentEpoch;
      throw new TrainingDivergedError(
        `Training diverged: the ${model}'s loss became ${metrics.loss} at epoch ${epoch}. ${divergenceAdvice(model, this.settings)}`,
      );
    }
    return metrics;
  }
}
