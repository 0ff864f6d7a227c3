/**
 * Decision maps in chunks (src/engine/decision-maps.ts): a large model's map is predicted a chunk of rows at a
 * time with the worker's messages read between chunks; the chunks change nothing in the map, and a Reset
 * between two of them stops it with nothing leaked.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { COMPARED_STUDENTS, studentGroups, studentSpecs } from '../../src/core/roster';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { decisionMapRowFlops, decisionMaps } from '../../src/engine/decision-maps';
import { Mlp, initialWeights } from '../../src/engine/mlp';
import { StudentStack } from '../../src/engine/student-stack';
import { useCpu } from './setup';

beforeAll(useCpu);

const rng = createRng(3);
const teacher = new Mlp('map-teacher', [2, 16, 16, 4], initialWeights([2, 16, 16, 4], rng));
const { members } = studentGroups(studentSpecs({ ...DEFAULT_SETTINGS, studentLayers: '8-8' }))[0]!;
const studentSizes = [2, 8, 8, 4];
const stack = new StudentStack(members, studentSizes, initialWeights(studentSizes, rng), Int32Array.from([0, 1, 2, 3]), 0.01, 'map-students');
const points = Float32Array.from({ length: 2 * 300 }, () => rng.next() * 6 - 3);
const rowFlops = decisionMapRowFlops(teacher, [stack], COMPARED_STUDENTS);

afterAll(() => {
  teacher.dispose();
  stack.dispose();
});

describe('decision maps in chunks', () => {
  it('give the same map in chunks of 7 rows as in one prediction', async () => {
    const whole = await decisionMaps(teacher, [stack], points, 2, COMPARED_STUDENTS);
    const chunked = await decisionMaps(teacher, [stack], points, 2, COMPARED_STUDENTS, () => false, 7 * rowFlops);
    expect(Object.keys(whole!)).toEqual(['teacher', ...COMPARED_STUDENTS]);
    expect(chunked).toEqual(whole);
    // Not a map of one class everywhere: the comparison means something.
    expect(new Set(whole!.teacher!.classes).size).toBeGreaterThan(1);
  });

  it('let other work in between chunks, and stop there when cancelled, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    let cancelled = false;
    let between = 0;
    // Something else runs while the map waits between its chunks (the worker's Pause or Reset).
    const other = setTimeout(() => {
      between++;
      cancelled = true;
    }, 0);
    const maps = await decisionMaps(teacher, [stack], points, 2, COMPARED_STUDENTS, () => cancelled, 50 * rowFlops);
    clearTimeout(other);
    expect(between).toBe(1);
    expect(maps).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });
});
