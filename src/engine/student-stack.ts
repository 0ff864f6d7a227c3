/**
 * The students of one architecture, trained as one stacked model with one
 * Adam (over all their weights at once): every batch advances all of them in one step. Each student keeps its
 * own targets (one-hot, or the teacher's soft targets at its T), its α and its
 * per-example weights (zero on the classes it ignores), so the summed loss gives each
 * student exactly the gradient of its own distillation loss
 * α·T²·CE(teacher_T, student_T) + (1 − α)·CE(onehot, student_1).
 */
import * as tf from '@tensorflow/tfjs';
import type { StudentSpec } from '../core/roster';
import type { MlpWeights } from './mlp';
import { StackedMlp } from './stacked-mlp';
import { hostRows, type HostRows } from './device-batches';
import { engineForms } from './dense';
import { Adam } from './adam';
import { readBack } from './backend-loss';

export class StudentStack {
  readonly model: StackedMlp;
  private readonly optimizer: Adam;
  /** α·T² per student (0 for a hard-label student). */
  private readonly softWeight: tf.Tensor1D;
  /** 1 − α per student (1 for a hard-label student). */
  private readonly hardWeight: tf.Tensor1D;
  /** 1/T per student, shaped [S, 1, 1]. */
  private readonly inverseTemperature: tf.Tensor3D;
  /** α·T (the soft term's weight α·T² times its 1/T) and 1 − α per student, shaped [S, 1, 1], for the gradient. */
  private readonly softGradientWeight: tf.Tensor3D;
  private readonly hardGradientWeight: tf.Tensor3D;
  /** Per-student weight of each transfer example, [S, N, 1] (a batch source); null when every student learns from every example. */
  readonly exampleWeights: HostRows | null;
  /** Per-student targets over the transfer set, [S, N, classes] (a batch source); set once the teacher is frozen. */
  private targets: tf.Tensor3D | null = null;
  private targetRows: HostRows | null = null;
  /** Each member's targets' own entropy per transfer example, [S, N] (0 for one-hot targets); set with the targets. */
  private targetEntropy: tf.Tensor2D | null = null;

  constructor(
    readonly members: readonly StudentSpec[],
    sizes: readonly number[],
    initial: MlpWeights,
    transferLabels: Int32Array,
    learningRate: number,
    /** Prefix of its variables' names, unique among the stacks alive at once (TF.js refuses a name registered twice). */
    name = `students-${members[0]!.layers}`,
  ) {
    // Every member starts from the same weights.
    this.model = new StackedMlp(name, sizes, members.map(() => initial));
    this.optimizer = new Adam(this.model.variables, learningRate);
    const soft = members.map((m) => (m.target.kind === 'soft' ? m.target : null));
    this.softWeight = tf.tensor1d(soft.map((t) => (t ? t.alpha * t.temperature * t.temperature : 0)));
    this.hardWeight = tf.tensor1d(soft.map((t) => (t ? 1 - t.alpha : 1)));
    this.inverseTemperature = tf.tensor3d(soft.map((t) => 1 / (t?.temperature ?? 1)), [members.length, 1, 1]);
    this.softGradientWeight = tf.tensor3d(soft.map((t) => (t ? t.alpha * t.temperature : 0)), [members.length, 1, 1]);
    this.hardGradientWeight = tf.tensor3d(soft.map((t) => (t ? 1 - t.alpha : 1)), [members.length, 1, 1]);
    // Weight 0 on the examples of the classes a member ignores; none needed when every member learns from every example.
    const ignored = members.map((m) => new Set(m.ignoredClasses));
    if (ignored.some((classes) => transferLabels.some((label) => classes.has(label)))) {
      const n = transferLabels.length;
      const weights = new Float32Array(members.length * n);
      members.forEach((_, s) => transferLabels.forEach((label, i) => (weights[s * n + i] = ignored[s]!.has(label) ? 0 : 1)));
      this.exampleWeights = hostRows(weights, tf.tensor3d(weights, [members.length, n, 1]), n, 1, members.length);
    } else {
      this.exampleWeights = null;
    }
  }

  /** The step size of every member's next steps (the students' schedule sets it each epoch, lr-schedule.ts). */
  set learningRate(rate: number) {
    this.optimizer.learningRate = rate;
  }

  /**
   * Each member's targets over the transfer set: the soft targets at its T (from the teacher's unsmoothed
   * twin for a member that learns from it), or the one-hot labels.
   */
  setTargets(softTargets: ReadonlyMap<number, tf.Tensor2D>, oneHot: tf.Tensor2D, twinSoftTargets: ReadonlyMap<number, tf.Tensor2D> = new Map()): void {
    this.targets?.dispose();
    const targetOf = (m: StudentSpec) => {
      if (m.target.kind === 'hard') return oneHot;
      const target = (m.target.fromTwin ? twinSoftTargets : softTargets).get(m.target.temperature);
      if (!target) throw new Error(`No soft targets at T = ${m.target.temperature}${m.target.fromTwin ? ' from the unsmoothed twin' : ''} for ${m.id}.`);
      return target;
    };
    this.targets = tf.tidy(() => tf.stack(this.members.map(targetOf)) as tf.Tensor3D);
    this.targetEntropy?.dispose();
    // −Σ t·log t, with 0·log 0 = 0 (a one-hot target, or a soft one that underflowed): `where` picks 0 there.
    this.targetEntropy = tf.tidy(() => {
      const t = this.targets!;
      return tf.neg(tf.sum(tf.where(tf.greater(t, 0), tf.mul(t, tf.log(t)), tf.zerosLike(t)), 2)) as tf.Tensor2D;
    });
    this.targetRows = null;
  }

  /**
   * The sets a batch is cut from for this stack: its targets and example weights. Where batches are cut on
   * the host ('upload'), the targets are read back once for the host copy; on GPUs they stay on the device.
   */
  async batchSources(): Promise<{ targets: HostRows; weights: HostRows | null }> {
    if (!this.targetRows) {
      const [stack, rows, width] = this.targets!.shape;
      const host = engineForms().batches === 'upload' ? ((await readBack(this.targets!.data())) as Float32Array) : new Float32Array(0);
      this.targetRows = hostRows(host, this.targets!, rows, width, stack);
    }
    return { targets: this.targetRows, weights: this.exampleWeights };
  }

  /**
   * One Adam step of every member on a batch: x [B, in], its one-hot labels
   * [B, classes], the members' targets [S, B, classes] and example weights
   * [S, B, 1] (cut from `batchSources`). Call inside tf.tidy.
   */
  step(x: tf.Tensor2D, oneHot: tf.Tensor2D, targets: tf.Tensor3D, weights: tf.Tensor3D | null): void {
    this.optimizer.applyGradients(this.gradients(x, oneHot, targets, weights));
  }

  /**
   * The gradients of every member's loss for some rows of a batch (the same arguments as `step`, cut to those rows),
   * each row weighted as a part of the `whole` batch: its number of rows and its example weights [S, B, 1]
   * (batch-pieces.ts sums a large model's batch over pieces). Call inside tf.tidy.
   */
  gradients(x: tf.Tensor2D, oneHot: tf.Tensor2D, targets: tf.Tensor3D, weights: tf.Tensor3D | null, whole = { rows: x.shape[0], weights }): tf.Tensor[] {
    return this.model.gradients(x, (logits) => this.lossGradient(logits, targets, oneHot, weights, whole));
  }

  /** One Adam step of every member with these gradients (in `model.variables` order). Call inside tf.tidy. */
  applyGradients(gradients: readonly tf.Tensor[]): void {
    this.optimizer.applyGradients(gradients);
  }

  /**
   * Each member's loss over the whole transfer set (its x and one-hot labels),
   * [S]: the figure the loss charts show, read with the accuracies. The soft term is counted as the KL divergence
   * from the targets, α·T²·KL(teacher_T ‖ student_T): the cross-entropy the student is trained on less the targets'
   * own entropy, a constant, so the same gradients; counted as cross-entropy it levelled off at α·T² times the
   * teacher's entropy (about 130 for the omitted-class students at T = 8) and a chart of it looked flat.
   */
  transferLosses(logits: tf.Tensor3D, oneHot: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const mean = (perExample: tf.Tensor2D) => {
        if (!this.exampleWeights) return tf.mean(perExample, 1);
        const w = tf.squeeze(this.exampleWeights.device, [2]);
        return tf.div(tf.sum(tf.mul(perExample, w), 1), tf.maximum(tf.sum(w, 1), 1));
      };
      const softCe = tf.neg(tf.sum(tf.mul(this.targets!, tf.logSoftmax(tf.mul(logits, this.inverseTemperature))), 2)) as tf.Tensor2D;
      // KL ≥ 0: a float32 difference of two near-equal numbers can come out a hair below 0, which a log chart drops.
      const softKl = tf.relu(tf.sub(softCe, this.targetEntropy!)) as tf.Tensor2D;
      const hardCe = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 2)) as tf.Tensor2D;
      return tf.add(tf.mul(this.softWeight, mean(softKl)), tf.mul(this.hardWeight, mean(hardCe))) as tf.Tensor1D;
    });
  }

  /**
   * ∂loss/∂logits for each member: α·T·(softmax(z/T) − soft targets) + (1 − α)·(softmax(z) − onehot)
   * (α·T² times the soft term's 1/T), per example weighted by w / Σw (1/B when no class is omitted), the sum and
   * B those of the whole batch.
   */
  private lossGradient(logits: tf.Tensor3D, targets: tf.Tensor3D, oneHot: tf.Tensor2D, weights: tf.Tensor3D | null, whole: { rows: number; weights: tf.Tensor3D | null }): tf.Tensor3D {
    const soft = tf.mul(tf.sub(tf.softmax(tf.mul(logits, this.inverseTemperature)), targets), this.softGradientWeight);
    const hard = tf.mul(tf.sub(tf.softmax(logits), oneHot), this.hardGradientWeight);
    const scale = weights && whole.weights ? tf.div(weights, tf.maximum(tf.sum(whole.weights, 1, true), 1)) : tf.scalar(1 / whole.rows);
    return tf.mul(tf.add(soft, hard), scale) as tf.Tensor3D;
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    tf.dispose([this.softWeight, this.hardWeight, this.inverseTemperature, this.softGradientWeight, this.hardGradientWeight, ...(this.exampleWeights ? [this.exampleWeights.device] : []), ...(this.targets ? [this.targets] : []), ...(this.targetEntropy ? [this.targetEntropy] : [])]);
  }
}
