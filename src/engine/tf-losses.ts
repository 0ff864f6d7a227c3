/**
 * Batch losses in TF.js; the same formulas as src/core/losses.ts (engine
 * tests check they agree). The engine trains with their gradients written out
 * (mlp.ts, student-stack.ts); these taped forms are the losses it reports and
 * the reference its gradients are tested against. Call inside tf.tidy.
 * Optional per-example weights (0 or 1) let a student ignore a class while
 * still seeing exactly the same batches as the others.
 */
import * as tf from '@tensorflow/tfjs';

function weightedMean(values: tf.Tensor1D, weights?: tf.Tensor1D): tf.Scalar {
  if (!weights) return tf.mean(values);
  return tf.div(tf.sum(tf.mul(values, weights)), tf.maximum(tf.sum(weights), 1));
}

/** Mean over the batch of −Σ target_i · log softmax(z/T)_i. */
export function meanCrossEntropy(targets: tf.Tensor2D, logits: tf.Tensor2D, temperature = 1, weights?: tf.Tensor1D): tf.Scalar {
  const logQ = tf.logSoftmax(temperature === 1 ? logits : tf.div(logits, temperature));
  return tf.neg(weightedMean(tf.sum(tf.mul(targets, logQ), 1) as tf.Tensor1D, weights));
}

/**
 * α·T²·CE(softTargets, student_T) + (1 − α)·CE(onehot, student_1), batch mean.
 * softTargets are the teacher's softmax at the same T, computed once per run.
 */
export function distillationLoss(
  softTargets: tf.Tensor2D,
  oneHotLabels: tf.Tensor2D,
  studentLogits: tf.Tensor2D,
  temperature: number,
  alpha: number,
  weights?: tf.Tensor1D,
): tf.Scalar {
  const soft = tf.mul(meanCrossEntropy(softTargets, studentLogits, temperature, weights), temperature * temperature);
  if (alpha === 1) return soft as tf.Scalar;
  const hard = meanCrossEntropy(oneHotLabels, studentLogits, 1, weights);
  return tf.add(tf.mul(soft, alpha), tf.mul(hard, 1 - alpha)) as tf.Scalar;
}

/**
 * One-hot labels smoothed by ε (Szegedy et al. 2016): (1 − ε)·onehot + ε/K, the same as
 * src/core/losses.ts `smoothedLabel`; the labels themselves when ε = 0. Call inside tf.tidy.
 */
export function smoothedTargets(oneHot: tf.Tensor2D, epsilon: number, classes: number): tf.Tensor2D {
  if (epsilon === 0) return oneHot;
  return tf.add(tf.mul(oneHot, 1 - epsilon), epsilon / classes) as tf.Tensor2D;
}

/** Fraction of rows whose arg-max logit equals the label (a scalar tensor, no readback). */
export function accuracyTensor(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
}
