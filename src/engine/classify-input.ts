/**
 * The teacher's and every student's logits for a few inputs of the run's
 * data (a digit drawn on the page): one prediction per model group in one
 * tf.tidy, one read-back for all of them. Nothing is trained and no state is
 * kept, so it may run between any two slices of a run.
 */
import * as tf from '@tensorflow/tfjs';
import type { Mlp } from './mlp';
import type { StudentStack } from './student-stack';
import { readBack } from './backend-loss';

/** Logits by model id: 'teacher' and the roster's student ids, each rows × classes, row-major. */
export type LogitsById = Record<string, Float32Array>;

export const TEACHER_ID = 'teacher';

/** `rows` inputs of `inputSize` finite values each: what a model of this run can read; a clear message otherwise. */
export function inputProblem(x: Float32Array, inputSize: number, rows: number): string | null {
  if (x.length !== rows * inputSize) return `The models read ${inputSize} values per input, but ${rows === 1 ? `${x.length} were sent` : `${x.length} were sent for ${rows} inputs`}.`;
  const bad = x.findIndex((v) => !Number.isFinite(v));
  return bad >= 0 ? `Input value ${bad} is ${x[bad]}, not a finite number.` : null;
}

export async function classifyRows(teacher: Mlp, stacks: readonly StudentStack[], x: Float32Array, inputSize: number, rows: number): Promise<LogitsById> {
  const problem = inputProblem(x, inputSize, rows);
  if (problem) throw new RangeError(problem);
  const classes = teacher.sizes.at(-1)!;
  const joined = tf.tidy(() => {
    const input = tf.tensor2d(x, [rows, inputSize]);
    // Teacher [rows, classes], then each stack's [members, rows, classes], flattened in that order.
    return tf.concat([teacher.logits(input).flatten(), ...stacks.map((stack) => stack.model.logits(input).flatten())]);
  });
  let values: Float32Array;
  try {
    values = (await readBack(joined.data())) as Float32Array;
  } finally {
    joined.dispose();
  }
  const size = rows * classes;
  const result: LogitsById = { [TEACHER_ID]: values.slice(0, size) };
  let offset = size;
  for (const stack of stacks) {
    for (const member of stack.members) {
      result[member.id] = values.slice(offset, offset + size);
      offset += size;
    }
  }
  return result;
}
