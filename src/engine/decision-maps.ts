/**
 * Decision maps for 2-D data: the teacher's and some students' predicted class
 * and confidence at each point of a grid — one batched prediction per model
 * group, one read-back for all of them.
 */
import * as tf from '@tensorflow/tfjs';
import type { Mlp } from './mlp';
import type { StudentStack } from './student-stack';
import { flopsPerRow } from './sliced-evaluation';
import { readBack } from './backend-loss';

export type DecisionMapsById = Record<string, { classes: Uint8Array; confidence: Uint8Array }>;

/** FLOPs of one point through the teacher and the stacks holding these students. */
export function decisionMapRowFlops(teacher: Mlp, stacks: readonly StudentStack[], ids: readonly string[]): number {
  const wanted = stacks.filter((stack) => stack.members.some((m) => ids.includes(m.id)));
  return flopsPerRow(teacher.sizes) + wanted.reduce((sum, { model }) => sum + flopsPerRow(model.sizes, model.count), 0);
}

/** Class and confidence (max probability, 0–255) per grid point, by model id ('teacher' and the named students). */
export async function decisionMaps(teacher: Mlp, stacks: readonly StudentStack[], points: Float32Array, inputSize: number, ids: readonly string[]): Promise<DecisionMapsById> {
  const count = points.length / inputSize;
  const members = stacks.flatMap((stack) => stack.members.flatMap((m, s) => (ids.includes(m.id) ? [{ id: m.id, stack, s }] : [])));
  const models = ['teacher', ...members.map((m) => m.id)];
  const stacked = tf.tidy(() => {
    const x = tf.tensor2d(points, [count, inputSize]);
    const summary = (logits: tf.Tensor2D) => {
      const probabilities = tf.softmax(logits);
      return tf.stack([tf.cast(tf.argMax(probabilities, 1), 'float32'), tf.max(probabilities, 1)]);
    };
    const wanted = new Set(members.map((m) => m.stack));
    const studentLogits = new Map([...wanted].map((stack) => [stack, tf.unstack(stack.model.predict(x)) as tf.Tensor2D[]]));
    return tf.stack([summary(teacher.predict(x)), ...members.map((m) => summary(studentLogits.get(m.stack)![m.s]!))]);
  });
  const values = (await readBack(stacked.data())) as Float32Array;
  stacked.dispose();
  const maps: DecisionMapsById = {};
  models.forEach((id, m) => {
    const base = m * 2 * count;
    maps[id] = {
      classes: Uint8Array.from(values.subarray(base, base + count)),
      confidence: Uint8Array.from(values.subarray(base + count, base + 2 * count), (p) => Math.round(p * 255)),
    };
  });
  return maps;
}
