import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { animalsVehicles } from '../../datasets/animals-vehicles';
import { labelSmoothedCrossEntropy, labelSmoothedGradient, smoothedLabel } from '../../src/core/losses';
import { HARD, SOFT, SOFT_UNSMOOTHED } from '../../src/core/roster';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { teacherKey } from '../../src/core/teacher-origin';
import { DistillationRun } from '../../src/engine/distillation-run';
import { runToEnd } from '../../src/engine/run-to-end';
import type { TeacherCache } from '../../src/engine/teacher-cache';
import { meanCrossEntropy, smoothedTargets } from '../../src/engine/tf-losses';
import { useCpu } from './setup';

const quick: Settings = { ...DEFAULT_SETTINGS, teacherEpochs: 3, studentEpochs: 6, teacherLayers: '16-16', studentLayers: '8', studentFraction: 0.05, teacherDropout: 0.2 };
const smoothed: Settings = { ...quick, teacherLabelSmoothing: 0.1 };
const data = animalsVehicles({ seed: 1 });

beforeAll(useCpu);

async function teacherPhase(run: DistillationRun): Promise<void> {
  while (run.phase === 'teacher') await run.advance();
}

describe('the label-smoothed teacher loss in TF.js', () => {
  const logits = [[2.5, -1, 0.3, 4], [0, 0.2, -0.4, 1.5], [-2, 3, 0.5, 0.5]];
  const labels = [3, 0, 1];

  it.each([0, 0.1, 0.3])('equals the reference loss and its gradient at ε = %d', async (epsilon) => {
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), 4).toFloat() as tf.Tensor2D;
    const targets = smoothedTargets(oneHot, epsilon, 4);
    expect(await targets.array()).toEqual(labels.map((y) => smoothedLabel(y, 4, epsilon).map((v) => Math.fround(v))).map((row) => row.map((v) => expect.closeTo(v, 6))));
    const loss = meanCrossEntropy(targets, tf.tensor2d(logits));
    const expected = labels.reduce((sum, y, i) => sum + labelSmoothedCrossEntropy(logits[i]!, y, epsilon), 0) / labels.length;
    expect((await loss.data())[0]).toBeCloseTo(expected, 5);
    // The engine's written-out gradient, (softmax − target) / B, is the taped gradient of that loss.
    const taped = tf.grad((z: tf.Tensor) => meanCrossEntropy(targets, z as tf.Tensor2D))(tf.tensor2d(logits));
    const written = tf.div(tf.sub(tf.softmax(tf.tensor2d(logits)), targets), labels.length);
    const reference = labels.map((y, i) => labelSmoothedGradient(logits[i]!, y, epsilon).map((g) => g / labels.length));
    expect(await taped.array()).toEqual(reference.map((row) => row.map((g) => expect.closeTo(g, 6))));
    expect(await written.array()).toEqual(reference.map((row) => row.map((g) => expect.closeTo(g, 6))));
    tf.dispose([oneHot, targets, loss, taped, written]);
  });
});

describe('a run with a label-smoothed teacher', () => {
  it('trains the smoothed teacher and its unsmoothed twin in lockstep: the twin is the ε = 0 run’s teacher, weight for weight', async () => {
    // One run at a time (variable names are per run).
    const plain = new DistillationRun(quick, data);
    let start, trained, plainMetrics;
    try {
      expect(plain.hasTwin).toBe(false);
      start = await plain.teacherWeights();
      await teacherPhase(plain);
      trained = await plain.teacherWeights();
      plainMetrics = plain.lastMetrics.teacher;
    } finally {
      plain.dispose();
    }
    const run = new DistillationRun(smoothed, data);
    try {
      expect(run.hasTwin).toBe(true);
      // Same start: the twin and the smoothed teacher begin from the plain run's initial teacher.
      expect(await run.teacherWeights('twin')).toEqual(start);
      expect(await run.teacherWeights('teacher')).toEqual(start);
      await teacherPhase(run);
      const twin = await run.teacherWeights('twin');
      expect(twin).toEqual(trained);
      expect((await run.teacherWeights('teacher'))[0]).not.toEqual(twin[0]);
      expect(run.lastMetrics.twin).toEqual(plainMetrics);
      expect(run.lastMetrics.teacher!.loss).toBeGreaterThan(plainMetrics!.loss);
    } finally {
      run.dispose();
    }
  });

  it('smooths the teacher’s probabilities: its wrong classes keep more, its right class gets less', async () => {
    const run = new DistillationRun({ ...smoothed, teacherEpochs: 8, teacherLabelSmoothing: 0.3 }, data);
    try {
      await teacherPhase(run);
      const [teacher, twin] = [await run.teacherLogits('test'), await run.teacherLogits('test', 'twin')];
      const meanTop = (logits: Float32Array) => {
        const probs = tf.tidy(() => tf.max(tf.softmax(tf.tensor2d(logits, [logits.length / 6, 6])), 1).mean().dataSync()[0]!);
        return probs;
      };
      expect(meanTop(teacher)).toBeLessThan(meanTop(twin));
      // ε = 0.3 over six classes: the loss is least where the right class gets 0.75, so no mean can exceed that by much.
      expect(meanTop(teacher)).toBeLessThan(0.8);
    } finally {
      run.dispose();
    }
  });

  it('adds a soft student taught by the twin; it starts with the others and learns from the twin’s targets', async () => {
    const result = await runToEnd(smoothed, data);
    expect(Object.keys(result.students)).toEqual([HARD, SOFT, SOFT_UNSMOOTHED]);
    // The hard student does not depend on the teacher: it is the ε = 0 run's hard student.
    const plain = await runToEnd(quick, data);
    expect(result.students[HARD]).toEqual(plain.students[HARD]);
    // The student of the twin learns what the plain run's soft student learns (same start, batches and targets).
    expect(result.students[SOFT_UNSMOOTHED]!.testAcc).toBeCloseTo(plain.students[SOFT]!.testAcc, 2);
    expect(result.students[SOFT_UNSMOOTHED]!.loss).toBeCloseTo(plain.students[SOFT]!.loss, 3);
    expect(result.students[SOFT]!.loss).not.toBeCloseTo(plain.students[SOFT]!.loss, 3);
  });

  it('gives the same numbers for the same seed', async () => {
    const a = await runToEnd(smoothed, data);
    const b = await runToEnd(smoothed, data);
    expect(b.teacher).toEqual(a.teacher);
    expect(b.students).toEqual(a.students);
  });

  it('caches both teachers under their own keys, and a ready twin is not trained again: the result is the same', async () => {
    const cache: TeacherCache = new Map();
    const fresh = await runToEnd(smoothed, data, { cache });
    expect([...cache.keys()].sort()).toEqual([teacherKey(smoothed), teacherKey(quick)].sort());
    // Only the plain teacher is ready: the run trains the smoothed one alone, with the same streams.
    const onlyPlain: TeacherCache = new Map([[teacherKey(quick), cache.get(teacherKey(quick))!]]);
    const run = new DistillationRun(smoothed, data, onlyPlain);
    try {
      expect(run.twinOrigin).toEqual({ kind: 'reused' });
      expect(run.teacherOrigin).toEqual({ kind: 'trained' });
      expect(run.phase).toBe('teacher');
      await teacherPhase(run);
      expect(run.lastMetrics.teacher).toEqual(fresh.teacher);
    } finally {
      run.dispose();
    }
    const ready = new DistillationRun({ ...smoothed, temperature: 2 }, data, cache);
    try {
      expect(ready.phase).toBe('students');
      expect(ready.teacherOrigin).toEqual({ kind: 'reused' });
      expect(ready.twinOrigin).toEqual({ kind: 'reused' });
    } finally {
      ready.dispose();
    }
  });

  it('leaks no tensors', async () => {
    const start = tf.memory().numTensors;
    await runToEnd(smoothed, data);
    expect(tf.memory().numTensors).toBe(start);
  });
});
