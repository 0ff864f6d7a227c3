/**
 * Decision maps for 2-D data: the teacher's and some students' predicted class
 * and confidence at each point of a grid — one batched prediction per model
 * group, one read-back for all of them.
 */
import * as tf from '@tensorflow/tfjs';
import type { Mlp } from './mlp';
import type { StudentStack } from './student-stack';
import { forwardFlops } from '../core/model-flops';
import { readBack } from './backend-loss';
import { nextTask } from './next-task';

export type DecisionMapsById = Record<string, { classes: Uint8Array; confidence: Uint8Array }>;

/** FLOPs of one point through the teacher and the stacks holding these students. */
export function decisionMapRowFlops(teacher: Mlp, stacks: readonly StudentStack[], ids: readonly string[]): number {
  const wanted = stacks.filter((stack) => stack.members.some((m) => ids.includes(m.id)));
  return forwardFlops(teacher.sizes) + wanted.reduce((sum, { model }) => sum + forwardFlops(model.sizes, model.count), 0);
}

/** FLOPs of one chunk of a map's points: ~50 ms of wasm here, after which the worker reads its messages. */
const MAP_CHUNK_FLOPS = 1e9;

/**
 * Class and confidence (max probability, 0–255) per grid point, by model id ('teacher' and the named students);
 * null if `cancelled()` turned true between two chunks. A large model's map (students 4096-4096: ~1 s of wasm)
 * is predicted in chunks of rows with the worker's message queue read between them, so that Pause is answered
 * at once and Reset does not wait for the map.
 */
export async function decisionMaps(
  teacher: Mlp,
  stacks: readonly StudentStack[],
  points: Float32Array,
  inputSize: number,
  ids: readonly string[],
  cancelled: () => boolean = () => false,
  chunkFlops = MAP_CHUNK_FLOPS,
): Promise<DecisionMapsById | null> {
  const count = points.length / inputSize;
  const members = stacks.flatMap((stack) => stack.members.flatMap((m, s) => (ids.includes(m.id) ? [{ id: m.id, stack, s }] : [])));
  const models = ['teacher', ...members.map((m) => m.id)];
  const chunkRows = Math.max(1, Math.floor(chunkFlops / decisionMapRowFlops(teacher, stacks, ids)));
  const chunks: tf.Tensor[] = [];
  for (let begin = 0; begin < count; begin += chunkRows) {
    if (begin > 0) {
      await nextTask();
      if (cancelled()) {
        tf.dispose(chunks);
        return null;
      }
    }
    const rows = Math.min(chunkRows, count - begin);
    chunks.push(summaries(teacher, members, points.subarray(begin * inputSize, (begin + rows) * inputSize), rows, inputSize));
  }
  // [models, 2, points]: each model's classes, then its confidences.
  const stacked = chunks.length === 1 ? chunks[0]! : tf.tidy(() => tf.concat(chunks, 2));
  if (chunks.length > 1) tf.dispose(chunks);
  const values = (await readBack(stacked.data())) as Float32Array;
  stacked.dispose();
  if (cancelled()) return null;
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

/** [models, 2, rows]: arg-max class and top probability of the teacher and each member, for some points. */
function summaries(teacher: Mlp, members: { stack: StudentStack; s: number }[], points: Float32Array, rows: number, inputSize: number): tf.Tensor3D {
  return tf.tidy(() => {
    const x = tf.tensor2d(points, [rows, inputSize]);
    const summary = (logits: tf.Tensor2D) => {
      const probabilities = tf.softmax(logits);
      return tf.stack([tf.cast(tf.argMax(probabilities, 1), 'float32'), tf.max(probabilities, 1)]);
    };
    const wanted = new Set(members.map((m) => m.stack));
    const studentLogits = new Map([...wanted].map((stack) => [stack, tf.unstack(stack.model.predict(x)) as tf.Tensor2D[]]));
    return tf.stack([summary(teacher.predict(x)), ...members.map((m) => summary(studentLogits.get(m.stack)![m.s]!))]) as tf.Tensor3D;
  });
}
