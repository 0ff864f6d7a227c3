import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { animalsVehicles } from '../../datasets/animals-vehicles';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { DistillationRun, METRIC_POINTS, TrainingDivergedError } from '../../src/engine/distillation-run';
import { runToEnd } from '../../src/engine/run-to-end';
import { rowsPerUnit } from '../../src/engine/sliced-evaluation';
import { forwardFlops, trainingFlops } from '../../src/core/model-flops';
import { epochPieces } from '../../src/engine/batch-pieces';
import type { TeacherCache } from '../../src/engine/teacher-cache';
import { useCpu } from './setup';

// Small enough to run in seconds on the cpu backend, big enough to learn.
const quick: Settings = { ...DEFAULT_SETTINGS, teacherEpochs: 4, studentEpochs: 30, teacherLayers: '32-32', studentFraction: 0.05 };
const data = animalsVehicles({ seed: 1 });

beforeAll(useCpu);

async function advanceAll(run: DistillationRun) {
  const reports = [];
  while (run.phase !== 'done') reports.push(await run.advance());
  return reports;
}

describe('DistillationRun', () => {
  it('starts both students from identical weights, and they diverge once trained', async () => {
    const run = new DistillationRun(quick, data);
    try {
      const before = await run.studentWeights();
      expect(before.hard!.length).toBe(6);
      before.hard!.forEach((w, i) => expect(w).toEqual(before.soft![i]));
      await advanceAll(run);
      const after = await run.studentWeights();
      expect(after.hard![0]).not.toEqual(after.soft![0]);
      expect(after.hard![0]).not.toEqual(before.hard![0]);
    } finally {
      run.dispose();
    }
  });

  it('trains the teacher first, then the students, and the losses fall', async () => {
    const run = new DistillationRun(quick, data);
    try {
      const reports = await advanceAll(run);
      const teacher = reports.filter((r) => r.phase === 'teacher' && r.metrics);
      const students = reports.filter((r) => r.phase === 'students' && r.metrics);
      expect(reports.findIndex((r) => r.phase === 'students')).toBe(quick.teacherEpochs);
      expect(reports[quick.teacherEpochs - 1]!.teacherReady).toBe(true);
      expect(teacher.at(-1)!.metrics!.teacher!.loss).toBeLessThan(teacher[0]!.metrics!.teacher!.loss);
      const loss = (i: number, id: string) => students.at(i)!.metrics!.students![id]!.loss;
      expect(loss(-1, 'hard')).toBeLessThan(loss(0, 'hard'));
      expect(loss(-1, 'soft')).toBeLessThan(loss(0, 'soft'));
      expect(run.lastMetrics.teacher!.testAcc).toBeGreaterThan(0.7);
      expect(run.lastMetrics.students.soft!.testAcc).toBeGreaterThan(0.6);
    } finally {
      run.dispose();
    }
  });

  it('leaks no tensors: the count is flat across epochs and back to the start after dispose', async () => {
    const start = tf.memory().numTensors;
    const run = new DistillationRun({ ...quick, studentEpochs: 60 }, data);
    const counts: number[] = [];
    while (run.phase !== 'done') {
      await run.advance();
      counts.push(tf.memory().numTensors);
    }
    const studentCounts = counts.slice(quick.teacherEpochs + 1);
    expect(new Set(studentCounts).size).toBe(1);
    run.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('reads back only every few epochs, and on the first and last', async () => {
    const run = new DistillationRun({ ...quick, studentEpochs: 300, teacherEpochs: 2 }, data);
    try {
      const reports = (await advanceAll(run)).filter((r) => r.phase === 'students');
      const withMetrics = reports.filter((r) => r.metrics).map((r) => r.epoch);
      expect(withMetrics[0]).toBe(1);
      expect(withMetrics.at(-1)).toBe(300);
      // About METRIC_POINTS.students evenly spaced epochs, plus the first and the last.
      expect(withMetrics.length).toBeLessThanOrEqual(METRIC_POINTS.students + 2);
      expect(withMetrics.length).toBeGreaterThanOrEqual(METRIC_POINTS.students - 1);
      expect(new Set(withMetrics.slice(1, -1).map((e, i, a) => (i > 0 ? e - a[i - 1]! : e))).size).toBe(1);
    } finally {
      run.dispose();
    }
  });

  it('gives the same numbers for the same seed', async () => {
    const a = await runToEnd(quick, data);
    const b = await runToEnd(quick, data);
    expect(b.students).toEqual(a.students);
    expect(Object.keys(a.students)).toEqual(['hard', 'soft']);
  });

  it('reuses a cached teacher when only the student settings change', async () => {
    const cache: TeacherCache = new Map();
    const first = await runToEnd(quick, data, { cache });
    expect(cache.size).toBe(1);
    const run = new DistillationRun({ ...quick, temperature: 8, alpha: 0.5 }, data, cache);
    try {
      expect(run.teacherFromCache).toBe(true);
      expect(run.phase).toBe('students');
      expect(run.lastMetrics.teacher).toEqual(first.teacher);
    } finally {
      run.dispose();
    }
    const other = new DistillationRun({ ...quick, seed: 2 }, data, cache);
    expect(other.teacherFromCache).toBe(false);
    other.dispose();
  });

  it('trains in slices (stopping between batches) exactly as in whole epochs, and leaks nothing when dropped mid-epoch', async () => {
    const settings = { ...quick, teacherEpochs: 2, studentEpochs: 3, batchSize: 8 };
    // One run at a time (variable names are per run).
    const whole = new DistillationRun(settings, data);
    let wholeReports;
    let wholeWeights;
    try {
      wholeReports = await advanceAll(whole);
      wholeWeights = await whole.studentWeights();
    } finally {
      whole.dispose();
    }
    const sliced = new DistillationRun(settings, data);
    try {
      const slicedReports = [];
      let partial = 0;
      while (sliced.phase !== 'done') {
        // A budget of 0 ms: one batch per call, the finest slicing there is.
        const report = await sliced.advanceFor(0);
        if (report) slicedReports.push(report);
        else partial++;
      }
      expect(partial).toBeGreaterThan(10);
      expect(slicedReports).toEqual(wholeReports);
      expect(await sliced.studentWeights()).toEqual(wholeWeights);
    } finally {
      sliced.dispose();
    }
    const before = tf.memory().numTensors;
    const dropped = new DistillationRun(settings, data);
    expect(await dropped.advanceFor(0)).toBeNull();
    dropped.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cuts a large model’s end-of-epoch evaluation into pieces too, with the same accuracy as one prediction', async () => {
    // Two students 384-384 on 2-D points: 6·10⁵ FLOP a row, so 1,660 rows a piece (sliced-evaluation.ts), not 4,096.
    const settings: Settings = { ...quick, studentFraction: 0.25, studentLayers: '384-384', teacherEpochs: 1, studentEpochs: 1, batchSize: 500 };
    const rows = rowsPerUnit(forwardFlops([2, 384, 384, data.classNames.length], 2));
    expect(rows).toBe(1660);
    const run = new DistillationRun(settings, data);
    try {
      await run.advance(); // the teacher's one epoch
      let calls = 0;
      let report = null;
      while (!report) {
        report = await run.advanceFor(0);
        calls++;
      }
      const transfer = run.transferIndices.length;
      const batches = Math.ceil(transfer / settings.batchSize);
      // Each batch of 500 costs 9·10⁸ training FLOPs, so it is taken in pieces as well (batch-pieces.ts).
      const trainingPieces = epochPieces(batches, (k) => Math.min(settings.batchSize, transfer - k * settings.batchSize), trainingFlops([2, 384, 384, data.classNames.length], 2)).length;
      expect(trainingPieces).toBeGreaterThan(batches);
      // One piece per call: the batches' pieces, then the pieces of the transfer set and of the test set.
      expect(calls).toBe(trainingPieces + Math.ceil(transfer / rows) + Math.ceil(data.testY.length / rows));
      expect(Math.ceil(data.testY.length / rows)).toBeGreaterThan(1);
      const logits = await run.studentsLogits(['hard'], 'test');
      const classes = data.classNames.length;
      let right = 0;
      data.testY.forEach((label, i) => {
        const row = Array.from(logits.hard!.subarray(i * classes, (i + 1) * classes));
        if (row.indexOf(Math.max(...row)) === label) right++;
      });
      expect(report.metrics!.students!.hard!.testAcc).toBeCloseTo(right / data.testY.length, 6);
    } finally {
      run.dispose();
    }
  });

  it('refuses invalid settings with a message', () => {
    expect(() => new DistillationRun({ ...quick, temperature: 0 }, data)).toThrow(/Training T/);
    expect(() => new DistillationRun({ ...quick, alpha: 1.5 }, data)).toThrow(/α/);
  });

  it('stops with a clear error when training diverges', async () => {
    const broken = { ...data, trainX: data.trainX.map((v, i) => (i === 0 ? Number.NaN : v)) };
    const run = new DistillationRun(quick, broken);
    try {
      await expect(run.advance()).rejects.toThrow(TrainingDivergedError);
      await expect(run.advance()).rejects.toThrow(/diverged.*Lower the learning rate/);
    } finally {
      run.dispose();
    }
  });
});
