/**
 * What a run reads back from the device: a model's or the student stacks'
 * logits on a split, the students' weights, and an epoch's metric tensors
 * joined into one read. Every read goes through readBack (backend-loss.ts),
 * so a lost GPU fails it instead of hanging.
 */
import * as tf from '@tensorflow/tfjs';
import { readBack } from './backend-loss';
import type { Mlp, MlpWeights } from './mlp';
import type { Split } from './split';
import type { StudentStack } from './student-stack';

/** One model's logits for every example of a split (row-major, classes per row). */
export async function modelLogits(model: Mlp, split: Split): Promise<Float32Array> {
  const logits = model.predict(split.chunks);
  const values = (await readBack(logits.data())) as Float32Array;
  logits.dispose();
  return values;
}

/** Logits of the named students on a split, one prediction per stack holding any of them, by id. */
export async function stacksLogits(stacks: readonly StudentStack[], ids: readonly string[], split: Split, classes: number): Promise<Record<string, Float32Array>> {
  const result: Record<string, Float32Array> = {};
  const x = split.chunks;
  const rows = split.count;
  for (const stack of stacks) {
    const wanted = stack.members.flatMap((m, s) => (ids.includes(m.id) ? [s] : []));
    if (wanted.length === 0) continue;
    const logits = stack.model.predict(x);
    const values = (await readBack(logits.data())) as Float32Array;
    logits.dispose();
    const size = rows * classes;
    for (const s of wanted) result[stack.members[s]!.id] = values.slice(s * size, (s + 1) * size);
  }
  for (const id of ids) if (!result[id]) throw new Error(`No student “${id}” in this run.`);
  return result;
}

/** Current weights of every student, by id. */
export async function stacksWeights(stacks: readonly StudentStack[]): Promise<Record<string, MlpWeights>> {
  const entries: [string, MlpWeights][] = [];
  for (const stack of stacks) {
    for (const [s, member] of stack.members.entries()) entries.push([member.id, await stack.model.readWeights(s)]);
  }
  return Object.fromEntries(entries);
}

/** Evaluate several tensors in one and read them back with a single await. */
export async function readValues(build: () => tf.Tensor[]): Promise<number[]> {
  const joined = tf.tidy(() => tf.concat(build().map((t) => t.flatten())));
  const values = await readBack(joined.data());
  joined.dispose();
  return Array.from(values);
}
