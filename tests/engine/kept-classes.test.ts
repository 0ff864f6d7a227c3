/**
 * Only some classes kept for the students (the paper's 7s and 8s): they learn from those classes'
 * examples alone — never a gradient from another class's example — yet share their start and batches.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { animalsVehicles } from '../../datasets/animals-vehicles';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { studentSpecs, type StudentSpec } from '../../src/core/roster';
import { classAccuracy } from '../../src/core/class-metrics';
import { createRng } from '../../src/core/rng';
import { DistillationRun } from '../../src/engine/distillation-run';
import { transferIndicesFor } from '../../src/core/transfer-set';
import { runToEnd } from '../../src/engine/run-to-end';
import { presetReport } from '../../src/engine/preset-report';
import { StudentStack } from '../../src/engine/student-stack';
import { initialWeights } from '../../src/engine/mlp';
import type { TeacherCache } from '../../src/engine/teacher-cache';
import { useCpu } from './setup';
import { announceStudents } from '../../workers/run-messages';
import type { FromWorker } from '../../src/protocol/messages';

const toy = animalsVehicles({ seed: 1 });
/** One class of each family of the six. */
const KEPT = [1, 4];
const quick: Settings = { ...DEFAULT_SETTINGS, teacherEpochs: 4, studentEpochs: 25, teacherLayers: '32-32', studentFraction: 0.1, keptClasses: KEPT.join(',') };

beforeAll(useCpu);

describe('students that keep only some classes', () => {
  it('train on a transfer set of the kept classes only, two students from one start', async () => {
    const indices = transferIndicesFor(quick, toy.trainY, 6);
    const labels = new Set(Array.from(indices, (i) => toy.trainY[i]!));
    expect([...labels].sort()).toEqual(KEPT);
    // The same kept examples as the stratified share of every class, less the others.
    const all = transferIndicesFor({ ...quick, keptClasses: '' }, toy.trainY, 6);
    expect(Array.from(indices)).toEqual(Array.from(all).filter((i) => KEPT.includes(toy.trainY[i]!)));
    expect(studentSpecs(quick).map((s) => [s.id, s.ignoredClasses])).toEqual([['hard', [0, 2, 3, 5]], ['soft', [0, 2, 3, 5]]]);

    const run = new DistillationRun(quick, toy);
    try {
      expect(Array.from(run.transferIndices)).toEqual(Array.from(indices));
      const start = await run.studentWeights();
      start.hard!.forEach((w, i) => expect(w).toEqual(start.soft![i]));
    } finally {
      run.dispose();
    }
  });

  it('never take a gradient from another class’s example: changing those examples changes nothing', async () => {
    // Same teacher for both runs (the cache), so only the students' data could differ.
    const cache: TeacherCache = new Map();
    const rng = createRng(5);
    const scrambled = { ...toy, trainX: toy.trainX.map((v, i) => (KEPT.includes(toy.trainY[Math.floor(i / 2)]!) ? v : v + 3 * rng.normal())) };
    const weightsAfter = async (data: typeof toy) => runToEnd(quick, data, { cache, inspect: (run) => run.studentWeights() });
    const a = await weightsAfter(toy);
    const b = await weightsAfter(scrambled);
    expect(cache.size).toBe(1);
    for (const id of ['hard', 'soft']) a.extra[id]!.forEach((w, i) => expect(b.extra[id]![i]).toEqual(w));
    expect(b.students).toEqual(a.students);
  });

  it('with per-example weights, a batch of ignored classes moves no weight of a student that ignores them', async () => {
    // The omitted-class form of the same rule: one stack, the ignoring students beside one that sees everything.
    const sizes = [2, 8, 6];
    const members: StudentSpec[] = [
      { id: 'hard', label: 'hard', layers: '8', target: { kind: 'hard' }, ignoredClasses: [0, 2, 3, 5] },
      { id: 'soft', label: 'soft', layers: '8', target: { kind: 'soft', temperature: 4, alpha: 0.9 }, ignoredClasses: [0, 2, 3, 5] },
      { id: 'soft-all', label: 'soft, every class', layers: '8', target: { kind: 'soft', temperature: 4, alpha: 0.9 }, ignoredClasses: [] },
    ];
    const labels = Int32Array.from({ length: 12 }, (_, i) => i % 6);
    const stack = new StudentStack(members, sizes, initialWeights(sizes, createRng(3)), labels, 0.01);
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), 6).toFloat() as tf.Tensor2D;
    const soft = tf.softmax(tf.randomNormal([12, 6], 0, 2, 'float32', 9)) as tf.Tensor2D;
    stack.setTargets(new Map([[4, soft]]), oneHot);
    const { targets, weights } = await stack.batchSources();
    expect(weights).not.toBeNull();
    const before = await Promise.all(members.map((_, s) => stack.model.readWeights(s)));
    // A batch of the ignored classes only: rows 0, 2, 3, 5, 6, 8.
    const batch = tf.tensor1d([0, 2, 3, 5, 6, 8], 'int32');
    tf.tidy(() => {
      const x = tf.randomNormal([6, 2], 0, 1, 'float32', 4) as tf.Tensor2D;
      stack.step(x, tf.gather(oneHot, batch), tf.gather(targets.device, batch, 1) as tf.Tensor3D, tf.gather(weights!.device, batch, 1) as tf.Tensor3D);
    });
    const after = await Promise.all(members.map((_, s) => stack.model.readWeights(s)));
    after[0]!.forEach((w, i) => expect(w).toEqual(before[0]![i]));
    after[1]!.forEach((w, i) => expect(w).toEqual(before[1]![i]));
    expect(after[2]![0]).not.toEqual(before[2]![0]);
    stack.dispose();
    tf.dispose([batch, oneHot, soft]);
  });

  it('reports each student before and after one shift of the kept classes’ biases, chosen on the training split, and leaks nothing', async () => {
    const start = tf.memory().numTensors;
    const result = await runToEnd(quick, toy, {
      inspect: async (run) => {
        // What the worker sends the page at the end: the soft student's shift, not its training logits.
        const sent: FromWorker[] = [];
        await announceStudents((message) => sent.push(message), run, 7);
        return { report: await presetReport(run, toy.testY, toy.trainY), hardTest: await run.studentLogits('hard', 'test'), softTrain: await run.studentLogits('soft', 'train'), sent };
      },
    });
    expect(tf.memory().numTensors).toBe(start);
    const { report, hardTest, softTrain, sent } = result.extra;
    const logits = sent.find((m) => m.type === 'students-logits');
    expect(logits && 'softShift' in logits ? logits.softShift : undefined).toBe(report.kept!.soft.biasShift);
    expect(Object.keys(logits!)).not.toContain('train');
    expect(Object.keys(result.students)).toEqual(['hard', 'soft']);
    const kept = report.kept!;
    expect(kept.kept).toEqual(KEPT);
    // Unshifted, the hard student answers only kept classes: it saw no other label.
    const hard = classAccuracy(hardTest, toy.testY, 6);
    for (const k of [0, 2, 3, 5]) expect(hard.perClass[k]).toBe(0);
    expect(kept.hard.testError).toBeCloseTo(1 - hard.overall, 12);
    for (const student of [kept.hard, kept.soft]) {
      expect(student.biasShift).toBeLessThanOrEqual(0);
      expect(student.perClass).toHaveLength(6);
      expect(student.perClassShifted).toHaveLength(6);
      expect(Number.isFinite(student.testErrorShifted)).toBe(true);
    }
    // The shift is the best one on the training split (never the test split).
    const onTrain = (shift: number) => classAccuracy(softTrain, toy.trainY, 6, KEPT, shift).overall;
    for (const other of [0, -1, -2.5, -5, -10]) expect(onTrain(kept.soft.biasShift)).toBeGreaterThanOrEqual(onTrain(other) - 1e-12);
    expect(report.omitted).toBeUndefined();
  });
});
