/**
 * Reference (pure, per-example) versions of the losses the engine trains with.
 * The TF.js engine computes the same quantities on batches; engine tests
 * check the two agree.
 */
import { logSoftmax, softmax } from './softmax';

/** Cross-entropy H(p, q) = −Σ p_i log q_i in nats, q given by student logits at T. */
export function crossEntropyWithLogits(
  target: ArrayLike<number>,
  studentLogits: ArrayLike<number>,
  temperature = 1,
): number {
  const logQ = logSoftmax(studentLogits, temperature);
  let ce = 0;
  for (let i = 0; i < target.length; i++) {
    const p = target[i]!;
    if (p > 0) ce -= p * logQ[i]!;
  }
  return ce;
}

/** KL(p ‖ q) in nats; infinite when q_i = 0 where p_i > 0. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let kl = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    if (pi > 0) kl += pi * (Math.log(pi) - Math.log(q[i]!));
  }
  return kl;
}

export function oneHot(label: number, classes: number): number[] {
  if (!Number.isInteger(label) || label < 0 || label >= classes) {
    throw new RangeError(`Label ${label} is not a class in 0..${classes - 1}`);
  }
  return Array.from({ length: classes }, (_, i) => (i === label ? 1 : 0));
}

export interface DistillationTerms {
  /** T²·CE(teacher_T, student_T): the soft term, rescaled so its gradients do not shrink as 1/T². */
  soft: number;
  /** CE(onehot, student_1): the ordinary hard-label term. */
  hard: number;
  /** α·soft + (1 − α)·hard. */
  total: number;
}

/**
 * The distillation loss of one example:
 *   α · T² · CE(softmax(v/T), softmax(z/T)) + (1 − α) · CE(onehot(y), softmax(z)).
 */
export function distillationLoss(
  teacherLogits: ArrayLike<number>,
  studentLogits: ArrayLike<number>,
  label: number,
  temperature: number,
  alpha: number,
): DistillationTerms {
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`α must be in [0, 1], got ${alpha}`);
  const softTargets = softmax(teacherLogits, temperature);
  const soft = temperature * temperature * crossEntropyWithLogits(softTargets, studentLogits, temperature);
  const hard = crossEntropyWithLogits(oneHot(label, studentLogits.length), studentLogits, 1);
  return { soft, hard, total: alpha * soft + (1 - alpha) * hard };
}

/**
 * ∂/∂z_i of the soft term without the T² factor: (1/T)(q_i − p_i)
 * (paper, eq. 2). Used to show how the gradient shrinks as T grows.
 */
export function softTermGradient(
  teacherLogits: ArrayLike<number>,
  studentLogits: ArrayLike<number>,
  temperature: number,
): number[] {
  const p = softmax(teacherLogits, temperature);
  const q = softmax(studentLogits, temperature);
  return q.map((qi, i) => (qi - p[i]!) / temperature);
}

/**
 * Label-smoothed target of one example (Szegedy et al. 2016): (1 − ε)·onehot(y) + ε/K, so every class keeps
 * ε/K and the right one 1 − ε + ε/K. ε = 0 is the one-hot label.
 */
export function smoothedLabel(label: number, classes: number, epsilon: number): number[] {
  if (!(epsilon >= 0 && epsilon < 1)) throw new RangeError(`Label smoothing ε must be in [0, 1), got ${epsilon}`);
  return oneHot(label, classes).map((y) => (1 - epsilon) * y + epsilon / classes);
}

/** The teacher's loss with label smoothing ε: CE((1 − ε)·onehot + ε/K, softmax(z)) in nats (T = 1). */
export function labelSmoothedCrossEntropy(logits: ArrayLike<number>, label: number, epsilon: number): number {
  return crossEntropyWithLogits(smoothedLabel(label, logits.length, epsilon), logits, 1);
}

/** Its gradient with respect to the logits: softmax(z) − ((1 − ε)·onehot + ε/K). */
export function labelSmoothedGradient(logits: ArrayLike<number>, label: number, epsilon: number): number[] {
  const target = smoothedLabel(label, logits.length, epsilon);
  return softmax(logits, 1).map((q, i) => q - target[i]!);
}
