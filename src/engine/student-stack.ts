/**
 * The students of one architecture, trained as one stacked model with one
 * Adam: every batch advances all of them in one step. Each student keeps its
 * own targets (one-hot, or the teacher's soft targets at its T), its α and its
 * per-example weights (zero on an omitted class), so the summed loss gives each
 * student exactly the gradient of its own distillation loss
 * α·T²·CE(teacher_T, student_T) + (1 − α)·CE(onehot, student_1).
 */
import * as tf from '@tensorflow/tfjs';
import type { StudentSpec } from '../core/roster';
import type { MlpWeights } from './mlp';
import { StackedMlp } from './stacked-mlp';

export class StudentStack {
  readonly model: StackedMlp;
  private readonly optimizer: tf.Optimizer;
  /** α·T² per student (0 for a hard-label student). */
  private readonly softWeight: tf.Tensor1D;
  /** 1 − α per student (1 for a hard-label student). */
  private readonly hardWeight: tf.Tensor1D;
  /** 1/T per student, shaped [S, 1, 1]. */
  private readonly inverseTemperature: tf.Tensor3D;
  /** Per-student weight of each transfer example, [S, N]; null when no student omits a class. */
  private readonly exampleWeights: tf.Tensor2D | null;
  /** Per-student targets over the transfer set, [S, N, classes]; set once the teacher is frozen. */
  private targets: tf.Tensor3D | null = null;

  constructor(
    readonly members: readonly StudentSpec[],
    sizes: readonly number[],
    initial: MlpWeights,
    transferLabels: tf.Tensor1D,
    learningRate: number,
  ) {
    // Every member starts from the same weights.
    this.model = new StackedMlp(`students-${members[0]!.layers}`, sizes, members.map(() => initial));
    this.optimizer = tf.train.adam(learningRate);
    const soft = members.map((m) => (m.target.kind === 'soft' ? m.target : null));
    this.softWeight = tf.tensor1d(soft.map((t) => (t ? t.alpha * t.temperature * t.temperature : 0)));
    this.hardWeight = tf.tensor1d(soft.map((t) => (t ? 1 - t.alpha : 1)));
    this.inverseTemperature = tf.tensor3d(soft.map((t) => 1 / (t?.temperature ?? 1)), [members.length, 1, 1]);
    this.exampleWeights = members.some((m) => m.omitsClass >= 0)
      ? tf.tidy(() => tf.stack(members.map((m) => tf.cast(tf.notEqual(transferLabels, m.omitsClass), 'float32'))) as tf.Tensor2D)
      : null;
  }

  /** Each member's targets over the transfer set: the soft targets at its T, or the one-hot labels. */
  setTargets(softTargets: ReadonlyMap<number, tf.Tensor2D>, oneHot: tf.Tensor2D): void {
    this.targets?.dispose();
    this.targets = tf.tidy(() => tf.stack(this.members.map((m) => (m.target.kind === 'soft' ? softTargets.get(m.target.temperature)! : oneHot))) as tf.Tensor3D);
  }

  /**
   * One Adam step of every member on the batch (x, its one-hot labels, its
   * indices into the transfer set). Returns each member's loss, [S], which the
   * caller disposes.
   */
  step(x: tf.Tensor2D, oneHot: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor1D {
    const targets = tf.gather(this.targets!, indices, 1) as tf.Tensor3D;
    const weights = this.exampleWeights ? (tf.gather(this.exampleWeights, indices, 1) as tf.Tensor2D) : null;
    let losses: tf.Tensor1D | null = null;
    const total = this.optimizer.minimize(
      () => {
        const perStudent = this.losses(this.model.logits(x), targets, oneHot, weights);
        losses = tf.keep(perStudent);
        return tf.sum(perStudent);
      },
      true,
      this.model.variables,
    );
    total?.dispose();
    tf.dispose([targets, ...(weights ? [weights] : [])]);
    return losses!;
  }

  /** Each member's batch loss, [S]. */
  private losses(logits: tf.Tensor3D, targets: tf.Tensor3D, oneHot: tf.Tensor2D, weights: tf.Tensor2D | null): tf.Tensor1D {
    const mean = (perExample: tf.Tensor2D) =>
      weights ? tf.div(tf.sum(tf.mul(perExample, weights), 1), tf.maximum(tf.sum(weights, 1), 1)) : tf.mean(perExample, 1);
    const softCe = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(tf.mul(logits, this.inverseTemperature))), 2)) as tf.Tensor2D;
    const hardCe = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 2)) as tf.Tensor2D;
    return tf.add(tf.mul(this.softWeight, mean(softCe)), tf.mul(this.hardWeight, mean(hardCe))) as tf.Tensor1D;
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    tf.dispose([this.softWeight, this.hardWeight, this.inverseTemperature, ...(this.exampleWeights ? [this.exampleWeights] : []), ...(this.targets ? [this.targets] : [])]);
  }
}
