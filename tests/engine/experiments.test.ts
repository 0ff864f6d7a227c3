/** The paper's experiments, small enough for the test suite, on real engine runs. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { animalsVehicles } from '../../datasets/animals-vehicles';
import { loadDataset } from '../../datasets/index';
import { nodeDigitsSource } from '../../datasets/digits/node-source';
import { DEFAULT_SETTINGS, SWEEP_TEMPERATURES, type Settings } from '../../src/core/settings';
import { findPreset } from '../../src/core/presets';
import { classAccuracy } from '../../src/core/class-metrics';
import { DistillationRun } from '../../src/engine/distillation-run';
import { runToEnd } from '../../src/engine/run-to-end';
import { presetReport } from '../../src/engine/preset-report';
import { useCpu } from './setup';

const toy = animalsVehicles({ seed: 1 });
const quick: Settings = { ...DEFAULT_SETTINGS, teacherEpochs: 4, studentEpochs: 25, teacherLayers: '32-32', studentFraction: 0.1 };

beforeAll(useCpu);

describe('omitted class', () => {
  it('students that omit a class never learn it from labels; the report has every field', async () => {
    const settings = { ...quick, omittedClass: 2 };
    const result = await runToEnd(settings, toy, {
      inspect: async (run) => ({ report: await presetReport(run, toy.testY, toy.trainY), hardLogits: await run.studentLogits('hard') }),
    });
    const { report, hardLogits } = result.extra;
    expect(Object.keys(result.students)).toEqual(['hard', 'soft', 'soft-all']);
    // The hard student saw no tiger label and predicts no tiger.
    expect(report.omitted!.hard.omittedAcc).toBe(0);
    expect(classAccuracy(hardLogits, toy.testY, 6).perClass[2]).toBe(0);
    expect(report.omitted!.omitted).toBe(2);
    expect(report.omitted!.soft.omittedAccShifted).toBeGreaterThanOrEqual(report.omitted!.soft.omittedAcc - 1e-9);
    expect(report.omitted!.sawEveryClass.testAcc).toBeGreaterThan(0.5);
    expect(report.testErrors!.teacher).toBe(Math.round((1 - result.teacher.testAcc) * 2000));
  });
});

describe('temperature sweep', () => {
  it('trains soft students at every T from one start, for two sizes, and reports accuracy against T', async () => {
    const settings: Settings = { ...quick, mode: 'sweep', studentLayers: '16-16', tinyLayers: '4', studentEpochs: 3 };
    const run = new DistillationRun(settings, toy);
    try {
      const weights = await run.studentWeights();
      expect(weights['normal-T1']).toEqual(weights['normal-T20']);
      expect(weights['tiny-hard']).toEqual(weights['tiny-T4']);
      while (run.phase !== 'done') await run.advance();
      const report = await presetReport(run, toy.testY, toy.trainY);
      expect(report.sweep!.normal.map((p) => p.T)).toEqual([...SWEEP_TEMPERATURES]);
      expect(report.sweep!.tiny.every((p) => p.testAcc > 0 && p.testAcc <= 1)).toBe(true);
      // Each student's fidelity to the teacher, on the test and transfer sets: its accuracy is the run's, its agreement at most the ceiling.
      expect(Object.keys(report.fidelity!)).toEqual(run.specs.map((spec) => spec.id));
      for (const [id, f] of Object.entries(report.fidelity!)) {
        expect(f.test.studentAcc).toBeCloseTo(run.lastMetrics.students[id]!.testAcc, 5);
        expect(f.transfer.studentAcc).toBeCloseTo(run.lastMetrics.students[id]!.trainAcc, 5);
        expect(f.test.teacherAcc).toBeCloseTo(run.lastMetrics.teacher!.testAcc, 5);
        for (const split of [f.test, f.transfer]) expect(split.agreement).toBeLessThanOrEqual(split.ceiling + 1e-9);
      }
    } finally {
      run.dispose();
    }
  });
});

describe('digits with a jittered, dropout teacher', () => {
  it('trains on the real digits without leaking tensors', async () => {
    const all = await loadDataset('digits-14', 1, nodeDigitsSource);
    expect(all.imageSide).toBe(14);
    // The first 10,000 of the 60,000 training digits (in the official order), to stay fast; the whole test set.
    const digits = { ...all, trainX: all.trainX.subarray(0, 10_000 * 196), trainY: all.trainY.subarray(0, 10_000) };
    const settings: Settings = { ...findPreset('paper-mnist')!.settings, teacherLayers: '32', teacherEpochs: 1, learningRate: 0.004, studentLayers: '16', studentEpochs: 1, studentFraction: 0.1 };
    const before = tf.memory().numTensors;
    const result = await runToEnd(settings, digits, { inspect: (run) => presetReport(run, digits.testY, digits.trainY) });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.teacher.testAcc).toBeGreaterThan(0.5);
    const matrix = result.extra.darkMatrix!;
    expect(matrix).toHaveLength(10);
    for (const row of matrix) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });
});
