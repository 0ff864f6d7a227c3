/**
 * A teacher that comes ready from outside the page (shipped with the app, or stored by an earlier visit) is
 * evaluated by the run before its students start: the metrics its record carries are never the run's, and the
 * worker announces the teacher with the numbers it computed (teacher-check.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../datasets/index';
import type { Dataset } from '../../datasets/types';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { teacherKey, type TeacherOrigin } from '../../src/core/teacher-origin';
import { DistillationRun } from '../../src/engine/distillation-run';
import type { TeacherCache, TeacherSnapshot } from '../../src/engine/teacher-cache';
import type { FromWorker } from '../../src/protocol/messages';
import { RunController } from '../../workers/run-controller';
import { classAccuracy } from '../../src/core/class-metrics';
import { useCpu } from './setup';

beforeAll(useCpu);

const settings: Settings = { ...DEFAULT_SETTINGS, teacherEpochs: 3, studentEpochs: 2, teacherLayers: '16-16', studentLayers: '4', studentFraction: 0.05 };
/** What no evaluation gives: a record's numbers that must not reach the run. */
const RECORDED = { loss: 9.99, trainAcc: 0.125, testAcc: 0.25 };

/** A teacher trained here, and its metrics as its last epoch's evaluation found them. */
async function trainedTeacher(): Promise<TeacherSnapshot> {
  const cache: TeacherCache = new Map();
  const run = new DistillationRun(settings, await loadDataset(settings.dataset, settings.seed), cache);
  try {
    while (run.phase === 'teacher') await run.advance();
  } finally {
    run.dispose();
  }
  return cache.get(teacherKey(settings))!;
}

const fromOutside = (teacher: TeacherSnapshot, origin: TeacherOrigin): TeacherCache => new Map([[teacherKey(settings), { weights: teacher.weights, metrics: RECORDED, origin }]]);

const SHIPPED: TeacherOrigin = { kind: 'shipped', name: 'x', seed: 1, command: 'npm run teachers' };

/** A controller whose only shipped teacher is `teacher`, for the settings `ships` accepts (its record's numbers: RECORDED). */
function controllerShipping(teacher: TeacherSnapshot, ships: (s: Settings) => boolean, messages: FromWorker[]): RunController {
  return new RunController({
    post: (message) => messages.push(message),
    backends: { report: { backend: 'cpu' }, forgive: () => undefined, init: async () => {}, setChoice: async () => {}, recalibrate: async () => {}, refine: async () => {}, prepare: async () => {}, activeTrial: async () => null, retimeActive: async () => null, fallBack: async () => null },
    load: (s) => loadDataset(s.dataset, s.seed),
    isInMemory: () => true,
    teachers: {
      cache: new Map(),
      store: { load: async () => null },
      useShipped: async (into, s) => {
        if (!ships(s)) return null;
        into.set(teacherKey(s), { weights: teacher.weights, metrics: RECORDED, origin: SHIPPED });
        return {};
      },
    },
    store: { save: async () => null, forget: async () => [] },
    shipped: () => undefined,
    sliceMs: 1,
    pageCatchUpMs: 0,
  });
}

/** The teacher's kept test logits equal what it predicts now for the first 50 test rows. */
async function expectFreshPrediction(run: DistillationRun, kept: Float32Array, data: Dataset): Promise<void> {
  const rows = 50;
  const fresh = (await run.classify(data.testX.slice(0, rows * data.inputSize), rows)).teacher!;
  const classes = data.classNames.length;
  expect(fresh.length).toBe(rows * classes);
  fresh.forEach((value, i) => expect(kept[i]).toBeCloseTo(value, 4));
}

describe('a shipped or stored teacher is evaluated by the run', () => {
  it('a teacher trained here keeps its last evaluation\'s test logits, the same as a fresh prediction', async () => {
    const data = await loadDataset(settings.dataset, settings.seed);
    const run = new DistillationRun(settings, data);
    try {
      while (run.phase === 'teacher') await run.advance();
      const logits = await run.teacherLogits('test');
      expect(run.lastMetrics.teacher!.testAcc).toBeCloseTo(classAccuracy(logits, data.testY, data.classNames.length).overall, 6);
      await expectFreshPrediction(run, logits, data);
    } finally {
      run.dispose();
    }
  }, 60_000);

  it('in slices, before its students, with the numbers a trained teacher has — not its record’s', async () => {
    const teacher = await trainedTeacher();
    const data = await loadDataset(settings.dataset, settings.seed);
    const tensors = tf.memory().numTensors;
    for (const origin of [{ kind: 'stored', savedAt: 1 }, SHIPPED] as TeacherOrigin[]) {
      const cache = fromOutside(teacher, origin);
      const run = new DistillationRun(settings, data, cache);
      try {
        expect(run.phase).toBe('students');
        expect(run.checkingTeachers).toBe(true);
        expect(run.lastMetrics.teacher).toBeUndefined();
        // A budget of 0 ms still does one unit of work; several calls finish it.
        let calls = 1;
        while (!(await run.checkTeachersFor(0))) calls++;
        expect(calls).toBeGreaterThan(1);
        expect(run.checkingTeachers).toBe(false);
        expect(run.lastMetrics.teacher!.testAcc).toBeCloseTo(teacher.metrics.testAcc, 6);
        expect(run.lastMetrics.teacher!.trainAcc).toBeCloseTo(teacher.metrics.trainAcc, 6);
        expect(run.lastMetrics.teacher!.loss).toBeCloseTo(teacher.metrics.loss, 5);
        // The test accuracy is the one its test logits give.
        const logits = await run.teacherLogits('test');
        expect(run.lastMetrics.teacher!.testAcc).toBeCloseTo(classAccuracy(logits, data.testY, data.classNames.length).overall, 6);
        // Those logits are the evaluation's, kept (not predicted again): the same as a fresh prediction of the rows.
        await expectFreshPrediction(run, logits, data);
        // Each call hands out its own copy (the worker transfers it to the page).
        logits.fill(0);
        expect(await run.teacherLogits('test')).not.toEqual(logits);
        expect(run.teacherOrigin).toEqual(origin);
      } finally {
        run.dispose();
      }
      // The next run with it (Train again) takes the numbers computed here instead of evaluating it again.
      const again = new DistillationRun(settings, data, cache);
      try {
        expect(again.checkingTeachers).toBe(false);
        expect(again.lastMetrics.teacher).toEqual(run.lastMetrics.teacher);
        expect(again.teacherOrigin).toEqual(origin);
      } finally {
        again.dispose();
      }
    }
    expect(tf.memory().numTensors).toBe(tensors);
  }, 60_000);

  it('when the caller does not, its first epoch does it first', async () => {
    const teacher = await trainedTeacher();
    const run = new DistillationRun(settings, await loadDataset(settings.dataset, settings.seed), fromOutside(teacher, { kind: 'stored', savedAt: 1 }));
    try {
      const report = await run.advance();
      expect(report).toMatchObject({ phase: 'students', epoch: 1 });
      expect(run.lastMetrics.teacher!.testAcc).toBeCloseTo(teacher.metrics.testAcc, 6);
    } finally {
      run.dispose();
    }
  }, 60_000);

  it('the worker announces it with the metrics it computed, and for a shipped one the test errors its logits make', async () => {
    const teacher = await trainedTeacher();
    const messages: FromWorker[] = [];
    const controller = controllerShipping(teacher, () => true, messages);
    await controller.receive({ type: 'start', settings, calibration: null, trainTeacherLive: false, seq: 1 });
    const ready = () => messages.find((m): m is Extract<FromWorker, { type: 'teacher-ready' }> => m.type === 'teacher-ready');
    await expect.poll(ready, { timeout: 30_000 }).toBeDefined();
    const announced = ready()!;
    // Shown after the run's data and before any epoch of the students.
    const at = (match: (m: FromWorker) => boolean) => messages.findIndex(match);
    expect(at((m) => m.type === 'dataset')).toBeLessThan(at((m) => m === announced));
    await expect.poll(() => controller.state, { timeout: 30_000 }).toBe('done');
    const firstEpoch = at((m) => (m.type === 'progress' || m.type === 'epoch') && m.phase === 'students');
    expect(firstEpoch).toBeGreaterThan(at((m) => m === announced));
    expect(announced.teacher.testAcc).toBeCloseTo(teacher.metrics.testAcc, 6);
    expect(announced.teacher.trainAcc).not.toBe(RECORDED.trainAcc);
    const data = await loadDataset(settings.dataset, settings.seed);
    expect(announced.shippedTest).toEqual({ errors: classAccuracy(announced.testLogits, data.testY, data.classNames.length).errors, count: data.testY.length });
    expect(announced.shippedTest!.errors).toBe(Math.round((1 - teacher.metrics.testAcc) * data.testY.length));
    await controller.receive({ type: 'reset', seq: 2 });
  }, 60_000);

  it('a shipped twin beside a smoothed teacher that trains: evaluated first, and the teacher shown only once it has trained', async () => {
    const twin = await trainedTeacher();
    const smoothed: Settings = { ...settings, teacherLabelSmoothing: 0.1 };
    const messages: FromWorker[] = [];
    // Only the unsmoothed twin (the teacher of `settings`) is shipped.
    const controller = controllerShipping(twin, (s) => s.teacherLabelSmoothing === 0, messages);
    await controller.receive({ type: 'start', settings: smoothed, calibration: null, trainTeacherLive: false, seq: 1 });
    await expect.poll(() => controller.state, { timeout: 30_000 }).toBe('done');
    const dataset = messages.find((m) => m.type === 'dataset')!;
    expect(dataset).not.toHaveProperty('teacherToCheck');
    const ready = messages.filter((m): m is Extract<FromWorker, { type: 'teacher-ready' }> => m.type === 'teacher-ready');
    expect(ready).toHaveLength(1);
    const lastTeacherEpoch = messages.findIndex((m) => (m.type === 'epoch' || m.type === 'progress') && m.phase === 'teacher' && m.epoch === smoothed.teacherEpochs);
    expect(lastTeacherEpoch).toBeGreaterThanOrEqual(0);
    expect(messages.indexOf(ready[0]!)).toBeGreaterThan(lastTeacherEpoch);
    expect(ready[0]!.origin).toEqual({ kind: 'trained' });
    expect(ready[0]!.twin!.origin.kind).toBe('shipped');
    expect(ready[0]!.twin!.teacher.testAcc).toBeCloseTo(twin.metrics.testAcc, 6);
    await controller.receive({ type: 'reset', seq: 2 });
  }, 60_000);
});
