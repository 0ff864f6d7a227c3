/**
 * The students' side of a run's epoch, as run-teachers.ts holds the teacher's:
 * its batches (every stack sees the same batches in the same order; a large
 * model's batch is cut into pieces, batch-pieces.ts), and the evaluation at
 * its end (each stack's logits on the transfer and test splits) with the
 * metric tensors made from it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng';
import { epochWork, pieceRows } from './batch-pieces';
import { forwardFlops, trainingFlops } from '../core/model-flops';
import { EpochOrder } from './device-batches';
import type { Rows } from './row-chunks';
import type { EpochInProgress } from './run-teachers';
import type { EvaluationTarget } from './sliced-evaluation';
import type { Split } from './split';
import type { StudentStack } from './student-stack';
import type { ModelMetrics } from '../core/roster';

/**
 * One epoch of the students over the transfer set, in batches of `batchSize` drawn with `orderRng`, every step of
 * every stack at `learningRate` (the students' schedule's rate for this epoch, lr-schedule.ts).
 */
export async function beginStudentEpoch(stacks: readonly StudentStack[], transfer: Split, batchSize: number, orderRng: Rng, stepPieceFlops: number, learningRate: number): Promise<EpochInProgress> {
  for (const stack of stacks) stack.learningRate = learningRate;
  const sources = await Promise.all(stacks.map((stack) => stack.batchSources()));
  const order = new EpochOrder(transfer.count, batchSize, orderRng);
  order.prepare([transfer.xRows, transfer.oneHotRows, ...sources.flatMap((s) => (s.weights ? [s.targets, s.weights] : [s.targets]))]);
  const flops = stacks.reduce((sum, stack) => sum + trainingFlops(stack.model.sizes, stack.members.length), 0);
  const { units, sums } = epochWork(order, flops, stepPieceFlops, stacks.length);
  return {
    next: 0,
    count: units.length,
    // Every student sees exactly this batch, in this order (a large model's batch in pieces, one Adam step at its end).
    runBatch: (u) =>
      tf.tidy(() => {
        const unit = units[u]!;
        const k = unit.batch;
        const x = order.rows(transfer.xRows, k) as tf.Tensor2D;
        const oneHot = order.rows(transfer.oneHotRows, k) as tf.Tensor2D;
        stacks.forEach((stack, i) => {
          const { targets, weights } = sources[i]!;
          const batchTargets = order.rows(targets, k) as tf.Tensor3D;
          const batchWeights = weights ? (order.rows(weights, k) as tf.Tensor3D) : null;
          if (unit.pieces === 1) return stack.step(x, oneHot, batchTargets, batchWeights);
          const part = <T extends tf.Tensor>(t: T, axis: 0 | 1 = 0) => pieceRows(t, unit, axis);
          const gradients = stack.gradients(part(x), part(oneHot), part(batchTargets, 1), batchWeights && part(batchWeights, 1), { rows: x.shape[0], weights: batchWeights });
          sums[i]!.addAndStep(gradients, unit, (summed) => stack.applyGradients(summed));
        });
      }),
    release: () => {
      order.dispose();
      for (const sum of sums) sum.dispose();
    },
  };
}

/** What the students' evaluation predicts: each stack on the transfer split (part 2i), then on the test split (2i + 1). */
export function studentEvaluationTargets(stacks: readonly StudentStack[], transfer: Split, test: Split): EvaluationTarget[] {
  return stacks.flatMap(({ model }) => {
    const stack = { predict: (rows: Rows) => model.predict(rows), rowFlops: forwardFlops(model.sizes, model.count), rowAxis: 1 };
    return [{ ...stack, split: transfer }, { ...stack, split: test }];
  });
}

/**
 * Per stack, [loss, trainAcc, testAcc] × members (flattened), from the evaluation's logits (`logits(2i)` on the
 * transfer split, `logits(2i + 1)` on the test split); the loss is each student's own on the transfer set. Call inside tf.tidy.
 */
export function studentMetricTensors(stacks: readonly StudentStack[], logits: (part: number) => tf.Tensor3D, transfer: Split, test: Split): tf.Tensor[] {
  return stacks.map((stack, i) => {
    const accuracy = (stackLogits: tf.Tensor3D, split: Split) => tf.mean(tf.cast(tf.equal(tf.argMax(stackLogits, 2), tf.expandDims(split.labels, 0)), 'float32'), 1);
    const transferLogits = logits(2 * i);
    const losses = stack.transferLosses(transferLogits, transfer.oneHot);
    return tf.stack([losses, accuracy(transferLogits, transfer), accuracy(logits(2 * i + 1), test)], 1).flatten();
  });
}

/**
 * The students' metrics, by id, from the values `studentMetricTensors` read back ([loss, trainAcc, testAcc] per
 * member, stack by stack); `check` sees each (by the student's label) and may refuse it (a loss that is not finite).
 */
export function studentMetricsFrom(stacks: readonly StudentStack[], values: readonly number[], check: (label: string, metrics: ModelMetrics) => ModelMetrics): Record<string, ModelMetrics> {
  const students: Record<string, ModelMetrics> = {};
  let offset = 0;
  for (const stack of stacks) {
    for (const member of stack.members) {
      const [loss, trainAcc, testAcc] = values.slice(offset, offset + 3) as [number, number, number];
      offset += 3;
      students[member.id] = check(member.label.toLowerCase(), { loss, trainAcc, testAcc });
    }
  }
  return students;
}
