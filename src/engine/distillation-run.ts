/**
 * One distillation experiment: a teacher trained on the full training set,
 * then frozen; students that share an architecture share their initial
 * weights and every batch, and differ only in their targets (hard labels, or
 * the teacher's soft targets at some T). Used by the browser worker and the
 * Node command line alike. Advances one epoch at a time so callers can pause,
 * step and report between epochs; reads metrics back only every few epochs.
 * The teachers' batches and metrics are in run-teachers.ts, the students' in
 * student-epoch.ts, and what is read back from the device in run-readback.ts.
 */
import { divergenceAdvice } from '../core/run-advice';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../datasets/types';
import { gatherRows } from '../../datasets/subset';
import { transferIndicesFor } from '../core/transfer-set';
import type { Rng } from '../core/rng';
import { runStreams } from './run-setup';
import { assertClassesOf, assertValidSettings, layersOf, type Settings } from '../core/settings';
import { softTemperatures, studentGroups, studentSpecs, twinSoftTemperatures, type ModelMetrics, type Phase, type StudentSpec, type TrainingPhase } from '../core/roster';
import { initialWeights, type Mlp, type MlpWeights } from './mlp';
import { TrainingDivergedError, type EpochReport, type RunOptions, type RunSplit } from './run-types';
import type { TeacherCache } from './teacher-cache';
import { teacherKey, type TeacherOrigin } from '../core/teacher-origin';
import { makeSplit, disposeSplit, type Split } from './split';
import { DeviceJitter } from './device-batches';
import { StudentStack } from './student-stack';
import { RunTeachers, type EpochInProgress, type TeacherRole } from './run-teachers';
import { isMetricsEpoch } from '../core/run-estimate';
import { studentBaseRate, studentLearningRate } from '../core/lr-schedule';
import { SlicedEvaluation } from './sliced-evaluation';
import { TeacherCheck } from './teacher-check';
import { SliceClock } from './slice-clock';
import { decisionMapRowFlops, decisionMaps, type DecisionMapsById } from './decision-maps';
import { classifyRows, type LogitsById } from './classify-input';
import { HeapReserve, RESERVED_WEIGHT_COPIES, STEP_PIECE_FLOPS } from './batch-pieces';
import { weightCount } from '../core/model-flops';
import { beginStudentEpoch, studentEvaluationTargets, studentMetricsFrom, studentMetricTensors } from './student-epoch';
import { modelLogits, readValues, stacksLogits, stacksWeights } from './run-readback';

export type { ModelMetrics, Phase } from '../core/roster';

export { TrainingDivergedError, type EpochReport, type RunMetrics, type RunOptions, type RunSplit } from './run-types';
/** Which epochs are evaluated is core (src/core/run-estimate.ts): the run-time estimate counts them too. */
export { METRIC_POINTS } from '../core/run-estimate';

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
  get teacherOrigin(): TeacherOrigin {
    return this.teachers.main.origin;
  }
  /** Where the unsmoothed twin of a label-smoothed teacher came from; null when the teacher is not smoothed. */
  get twinOrigin(): TeacherOrigin | null {
    return this.teachers.twin?.origin ?? null;
  }
  /** The teacher's learning rate in its latest epoch (its schedule's); null when it has not trained here. */
  get teacherLearningRate(): number | null {
    return this.teachers.learningRate;
  }
  /** The students' learning rate in their latest epoch (their schedule's, lr-schedule.ts); null before they train. */
  studentLearningRate: number | null = null;
  lastMetrics: { teacher?: ModelMetrics; twin?: ModelMetrics; students: Record<string, ModelMetrics> } = { students: {} };

  readonly dataset: Dataset;
  private readonly train: Split;
  private readonly test: Split;
  private readonly transfer: Split;
  /** The teacher and, when it is label-smoothed, its unsmoothed twin (run-teachers.ts). */
  private readonly teachers: RunTeachers;
  /** Students grouped by architecture; each group advances as one stacked model. */
  private readonly stacks: StudentStack[];
  private readonly jitter: DeviceJitter | null;
  private readonly studentOrderRng: Rng;
  private readonly cache: TeacherCache | undefined;
  private disposed = false;
  /** The epoch whose batches are under way (see advanceFor); null between epochs. */
  private epochInProgress: EpochInProgress | null = null;
  /** The evaluation at the end of that epoch, once its batches are done (a metrics epoch only). */
  private evaluation: SlicedEvaluation | null = null;
  /** The evaluation of the teachers that came shipped or stored (teacher-check.ts); null once done, or when none did. */
  private teacherCheck: TeacherCheck | null = null;

  private readonly stepPieceFlops: number;
  /** The wasm heap the first batches need, grown in the first units of work (batch-pieces.ts). */
  private readonly heapReserve: HeapReserve;

  constructor(settings: Settings, dataset: Dataset, cache?: TeacherCache, options: RunOptions = {}) {
    assertValidSettings(settings);
    this.settings = settings;
    this.dataset = dataset;
    this.cache = cache;
    this.stepPieceFlops = options.stepPieceFlops ?? STEP_PIECE_FLOPS;
    this.classes = dataset.classNames.length;
    assertClassesOf(settings, this.classes, dataset.name);
    const { inputSize } = dataset;

    // Independent streams in a fixed order: the same seed gives the same run.
    const streams = runStreams(settings.seed);
    this.studentOrderRng = streams.studentOrder;

    this.specs = studentSpecs(settings);
    // Checked before any tensor is made (a throw from here on would leave them behind).
    if (options.studentWeights && options.studentWeights.length !== studentGroups(this.specs).length) throw new Error('The set-up drew weights for other students.');
    this.train = makeSplit(dataset.trainX, dataset.trainY, inputSize, this.classes);
    this.test = makeSplit(dataset.testX, dataset.testY, inputSize, this.classes);
    this.transferIndices = transferIndicesFor(settings, dataset.trainY, this.classes, this.specs);
    const transfer = gatherRows(dataset.trainX, dataset.trainY, inputSize, this.transferIndices);
    this.transfer = makeSplit(transfer.x, transfer.y, inputSize, this.classes);
    this.jitter = dataset.imageSide && settings.teacherJitter > 0 ? new DeviceJitter(dataset.imageSide, settings.teacherJitter) : null;

    const teacherSizes = [inputSize, ...layersOf(settings.teacherLayers), this.classes];
    this.teachers = new RunTeachers(settings, teacherSizes, { init: streams.teacherInit, order: streams.teacherOrder, dropout: streams.dropout, jitter: streams.jitter }, this.jitter, cache, this.stepPieceFlops);

    // One set of initial weights per architecture, shared by every student of that architecture.
    // (Drawn ahead, in units of work, by a RunSetup when one is given: the same values.)
    this.stacks = studentGroups(this.specs).map(({ layers, members }, group) => {
      const sizes = [inputSize, ...layersOf(layers), this.classes];
      return new StudentStack(members, sizes, options.studentWeights?.[group] ?? initialWeights(sizes, streams.studentInit), this.transfer.hostLabels, studentBaseRate(settings));
    });

    // What the first batches allocate, grown on the wasm heap before them rather than in the middle of them (batch-pieces.ts).
    this.heapReserve = new HeapReserve(RESERVED_WEIGHT_COPIES * (this.stacks.reduce((n, stack) => n + stack.members.length * weightCount(stack.model.sizes), 0) + this.teachers.training.length * weightCount(teacherSizes)));

    if (this.teachers.fromOutside.length > 0) this.teacherCheck = new TeacherCheck(this.teachers, this.train, this.test, this.classes, cache);
    const { main, twin } = this.teachers;
    if (main.metrics) this.lastMetrics.teacher = main.metrics;
    if (twin?.metrics) this.lastMetrics.twin = twin.metrics;
    if (this.teachers.training.length === 0) {
      this.teacherEpoch = settings.teacherEpochs;
      this.freezeTeacher();
      this.phase = 'students';
    } else {
      this.phase = 'teacher';
    }
  }

  /** The run's teacher model. */
  private get teacher(): Mlp {
    return this.teachers.main.model;
  }

  /** Whether the run has the unsmoothed twin of a label-smoothed teacher. */
  get hasTwin(): boolean {
    return this.teachers.twin !== null;
  }

  /** Whether a shipped or stored teacher is still to be evaluated (the worker does it before it shows the teacher). */
  get checkingTeachers(): boolean {
    return this.teacherCheck !== null;
  }

  /**
   * Evaluate the teachers that came shipped or stored for about `budgetMs` (teacher-check.ts): true once done, their
   * metrics then this run's. advanceFor does it first when no one has.
   */
  async checkTeachersFor(budgetMs: number): Promise<boolean> {
    const check = this.teacherCheck;
    if (!check) return true;
    const done = await check.runFor(budgetMs, (teacher, metrics) => {
      teacher.metrics = this.checkFinite('teacher', metrics);
      this.lastMetrics[teacher.role] = teacher.metrics;
    });
    if (done) this.teacherCheck = null;
    return done;
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
    // A shipped or stored teacher's evaluation comes first, in slices of its own (the caller shows the teacher after it).
    if (this.teacherCheck && (!(await this.checkTeachersFor(budgetMs)) || budgetMs !== Infinity)) return null;
    if (!this.epochInProgress) this.epochInProgress = this.phase === 'teacher' ? this.beginTeacherEpoch() : await this.beginStudentEpoch();
    const epoch = this.epochInProgress;
    const clock = new SliceClock(budgetMs);
    while (!this.heapReserve.done) {
      if (clock.outOfTime) return null;
      this.heapReserve.next();
      clock.unitDone();
    }
    while (epoch.next < epoch.count) {
      if (clock.outOfTime) return null;
      epoch.runBatch(epoch.next++);
      clock.unitDone();
    }
    // The epoch's evaluation, if it has one, in pieces too (seconds of work for a large model).
    this.evaluation ??= this.beginEvaluation();
    while (this.evaluation && !this.evaluation.done) {
      if (clock.outOfTime) return null;
      this.evaluation.runNext();
      clock.unitDone();
    }
    this.epochInProgress = null;
    epoch.release();
    return this.phase === 'teacher' ? this.finishTeacherEpoch() : this.finishStudentEpoch();
  }

  /** Labels of the training split, in the order of `studentLogits(id, 'train')`. */
  get trainLabels(): Int32Array {
    return this.dataset.trainY;
  }

  /** Labels of a split, in the order of its logits. */
  labelsOf(split: RunSplit): Int32Array {
    return this.splitOf(split).hostLabels;
  }

  /** The teacher's (or its twin's) weights, as trained so far (for storing and shipping). */
  teacherWeights(role: TeacherRole = 'teacher'): Promise<MlpWeights> {
    return this.teachers.byRole(role).model.readWeights();
  }

  /** Teacher (or twin) logits for every example of a split (row-major, classes per row). */
  async teacherLogits(split: RunSplit = 'test', role: TeacherRole = 'teacher'): Promise<Float32Array> {
    const { model, testLogits } = this.teachers.byRole(role);
    return split === 'test' && testLogits ? testLogits.slice() : modelLogits(model, this.splitOf(split));
  }

  async studentLogits(id: string, split: RunSplit = 'test'): Promise<Float32Array> {
    const logits = await this.studentsLogits([id], split);
    return logits[id]!;
  }

  /** Logits of the named students on a split, one prediction per stacked group, by id. */
  async studentsLogits(ids: readonly string[], split: RunSplit = 'test'): Promise<Record<string, Float32Array>> {
    return stacksLogits(this.stacks, ids, this.splitOf(split), this.classes);
  }

  /** FLOPs of one point through the teacher and the student stacks holding these students (a decision map's cost). */
  mapRowFlops(ids: readonly string[]): number {
    return decisionMapRowFlops(this.teacher, this.stacks, ids);
  }

  /** Predicted class and confidence (0–255) of the teacher and each named student at each grid point (decision-maps.ts). */
  decisionMaps(points: Float32Array, ids: readonly string[], cancelled?: () => boolean): Promise<DecisionMapsById | null> {
    return decisionMaps(this.teacher, this.stacks, points, this.dataset.inputSize, ids, cancelled);
  }

  /**
   * Logits of the teacher ('teacher') and of every student (by id) for `rows` inputs of this run's data, row-major: a
   * digit drawn on the page. Trains nothing and changes nothing; throws a clear RangeError on input of the wrong size.
   */
  async classify(x: Float32Array, rows = 1): Promise<LogitsById> {
    if (this.disposed) throw new Error('This run was disposed.');
    return classifyRows(this.teacher, this.stacks, x, this.dataset.inputSize, rows);
  }

  /** Current weights of every student, by id, for checking shared initialisation. */
  async studentWeights(): Promise<Record<string, MlpWeights>> {
    return stacksWeights(this.stacks);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.epochInProgress?.release();
    this.epochInProgress = null;
    this.evaluation?.dispose();
    this.evaluation = null;
    this.teacherCheck?.dispose();
    this.teacherCheck = null;
    this.heapReserve.dispose();
    this.teachers.dispose();
    for (const stack of this.stacks) stack.dispose();
    for (const split of [this.train, this.test, this.transfer]) disposeSplit(split);
    this.jitter?.dispose();
  }

  private splitOf(split: RunSplit): Split {
    return split === 'train' ? this.train : split === 'transfer' ? this.transfer : this.test;
  }

  private beginTeacherEpoch(): EpochInProgress {
    return this.teachers.beginEpoch(this.train, this.settings.teacherBatchSize, this.classes, this.teacherEpoch);
  }

  private async finishTeacherEpoch(): Promise<EpochReport> {
    this.teacherEpoch++;
    const total = this.settings.teacherEpochs;
    const report: EpochReport = { phase: 'teacher', epoch: this.teacherEpoch, totalEpochs: total, teacherReady: false };
    const trainees = this.teachers.training;
    if (isMetricsEpoch('teacher', this.teacherEpoch, total)) {
      // The last epoch's test logits are kept: the page is sent them when the teacher is announced.
      const metrics = await this.teachers.readEvaluation(this.takeEvaluation(), this.train, this.test, this.classes, trainees, this.teacherEpoch >= total);
      report.metrics = {};
      trainees.forEach((teacher, i) => {
        teacher.metrics = this.checkFinite('teacher', metrics[i]!);
        report.metrics![teacher.role] = teacher.metrics;
        this.lastMetrics[teacher.role] = teacher.metrics;
      });
    }
    if (this.teacherEpoch >= total) {
      this.freezeTeacher();
      this.phase = 'students';
      report.teacherReady = true;
      for (const teacher of trainees) {
        if (this.cache && teacher.metrics) this.cache.set(teacherKey(teacher.settings), { weights: await teacher.model.readWeights(), metrics: teacher.metrics, origin: { kind: 'trained' } });
      }
    }
    return report;
  }

  /**
   * The teacher's soft targets at each training temperature (and its twin's, for the students that learn
   * from the twin), computed once for the transfer set and handed to the students.
   */
  private freezeTeacher(): void {
    this.teachers.freeze();
    const { chunks } = this.transfer;
    const targets = this.teachers.softTargets(chunks, softTemperatures(this.specs));
    const twinTargets = this.teachers.twin ? this.teachers.softTargets(chunks, twinSoftTemperatures(this.specs), 'twin') : new Map<number, tf.Tensor2D>();
    for (const stack of this.stacks) stack.setTargets(targets, this.transfer.oneHot, twinTargets);
    tf.dispose([...targets.values(), ...twinTargets.values()]);
  }

  private beginStudentEpoch(): Promise<EpochInProgress> {
    this.studentLearningRate = studentLearningRate(this.settings, this.studentEpoch);
    return beginStudentEpoch(this.stacks, this.transfer, this.settings.batchSize, this.studentOrderRng, this.stepPieceFlops, this.studentLearningRate);
  }

  private async finishStudentEpoch(): Promise<EpochReport> {
    this.studentEpoch++;
    const total = this.settings.studentEpochs;
    const report: EpochReport = { phase: 'students', epoch: this.studentEpoch, totalEpochs: total, teacherReady: false };
    if (isMetricsEpoch('students', this.studentEpoch, total)) {
      // Per group: [loss, trainAcc, testAcc] × members, one read-back for the whole run.
      const evaluation = this.takeEvaluation();
      const values = await readValues(() => studentMetricTensors(this.stacks, (part) => evaluation.logits(part) as tf.Tensor3D, this.transfer, this.test)).finally(() => evaluation.dispose());
      const students = studentMetricsFrom(this.stacks, values, (label, metrics) => this.checkFinite(label, metrics));
      report.metrics = { students };
      this.lastMetrics.students = students;
    }
    if (this.studentEpoch >= total) this.phase = 'done';
    return report;
  }

  /**
   * The evaluation due at the end of the current epoch, or null when it reports no metrics: the teacher's
   * logits on the training and test splits, or each student stack's on the transfer and test splits.
   */
  private beginEvaluation(): SlicedEvaluation | null {
    if (this.phase === 'teacher') {
      if (!isMetricsEpoch('teacher', this.teacherEpoch + 1, this.settings.teacherEpochs)) return null;
      return new SlicedEvaluation(this.teachers.evaluationTargets(this.train, this.test));
    }
    if (!isMetricsEpoch('students', this.studentEpoch + 1, this.settings.studentEpochs)) return null;
    return new SlicedEvaluation(studentEvaluationTargets(this.stacks, this.transfer, this.test));
  }

  /** The finished evaluation, handed over (the caller disposes it). */
  private takeEvaluation(): SlicedEvaluation {
    const evaluation = this.evaluation;
    if (!evaluation?.done) throw new Error('The epoch’s evaluation is not finished.');
    this.evaluation = null;
    return evaluation;
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
