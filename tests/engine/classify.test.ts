/**
 * Classifying one input (a drawn digit) with a run's teacher and students:
 * the same logits the run reports for its test split, one read-back, no
 * tensor leaked, nothing about the run changed; and, in the worker's
 * controller, a 'classify' command answered in order without starting,
 * stopping or changing the run.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { animalsVehicles } from '../../datasets/animals-vehicles';
import { loadDataset } from '../../datasets/index';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { DistillationRun } from '../../src/engine/distillation-run';
import type { TeacherCache } from '../../src/engine/teacher-cache';
import type { FromWorker } from '../../src/protocol/messages';
import { RunController } from '../../workers/run-controller';
import { useCpu } from './setup';
import { oneBackend } from '../../workers/one-backend';

const quick: Settings = { ...DEFAULT_SETTINGS, teacherEpochs: 1, studentEpochs: 3, teacherLayers: '16-16', studentLayers: '8', studentFraction: 0.05 };
const data = animalsVehicles({ seed: 1 });
const CLASSES = data.classNames.length;

beforeAll(useCpu);

const row = (values: Float32Array, r: number, width: number) => Array.from(values.subarray(r * width, (r + 1) * width));

async function toEnd(run: DistillationRun, between?: () => Promise<void>) {
  while (run.phase !== 'done') {
    // In slices of two batches, with a reading between each.
    while ((await run.advanceFor(0)) === null) await between?.();
    await between?.();
  }
}

describe('DistillationRun.classify', () => {
  it('gives each model’s logits for the inputs, as its test-split predictions do, in one read-back and without leaking', async () => {
    const run = new DistillationRun(quick, data);
    try {
      await run.advance();
      expect(run.phase).toBe('students');
      const rows = [0, 7, 42];
      const x = Float32Array.from(rows.flatMap((r) => row(data.testX, r, data.inputSize)));
      const tensors = tf.memory().numTensors;
      const reads = vi.spyOn(tf.Tensor.prototype, 'data');
      const logits = await run.classify(x, rows.length);
      expect(reads).toHaveBeenCalledTimes(1);
      reads.mockRestore();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(Object.keys(logits).sort()).toEqual(['hard', 'soft', 'teacher']);
      const teacher = await run.teacherLogits('test');
      const students = await run.studentsLogits(['hard', 'soft'], 'test');
      rows.forEach((r, i) => {
        const close = (actual: Float32Array, expected: Float32Array) => row(actual, i, CLASSES).forEach((v, k) => expect(v).toBeCloseTo(row(expected, r, CLASSES)[k]!, 4));
        close(logits.teacher!, teacher);
        close(logits.hard!, students.hard!);
        close(logits.soft!, students.soft!);
      });
    } finally {
      run.dispose();
    }
  });

  it('changes nothing: a run read between every slice trains exactly as one that is not', async () => {
    const input = Float32Array.from(row(data.testX, 3, data.inputSize));
    // One run at a time (their variables share names).
    const plain = new DistillationRun(quick, data);
    let expected;
    try {
      await toEnd(plain);
      expected = { metrics: plain.lastMetrics, weights: await plain.studentWeights(), logits: await plain.classify(input) };
    } finally {
      plain.dispose();
    }
    const read = new DistillationRun(quick, data);
    try {
      let readings = 0;
      await toEnd(read, async () => {
        if (read.phase !== 'teacher') {
          await read.classify(input);
          readings++;
        }
      });
      expect(readings).toBeGreaterThan(3);
      expect(read.lastMetrics).toEqual(expected.metrics);
      expect(await read.studentWeights()).toEqual(expected.weights);
      expect(await read.classify(input)).toEqual(expected.logits);
    } finally {
      read.dispose();
    }
  });

  it('refuses input of the wrong size or with a value that is not a number, with a message', async () => {
    const run = new DistillationRun(quick, data);
    try {
      const tensors = tf.memory().numTensors;
      await expect(run.classify(new Float32Array(784))).rejects.toThrow(/The models read 2 values per input, but 784 were sent\./);
      await expect(run.classify(new Float32Array(0))).rejects.toThrow(/read 2 values per input, but 0 were sent/);
      await expect(run.classify(new Float32Array(4), 3)).rejects.toThrow(/but 4 were sent for 3 inputs/);
      await expect(run.classify(Float32Array.of(0.5, Number.NaN))).rejects.toThrow(/Input value 1 is NaN, not a finite number\./);
      expect(tf.memory().numTensors).toBe(tensors);
    } finally {
      run.dispose();
    }
    await expect(run.classify(Float32Array.of(0, 0))).rejects.toThrow(/disposed/);
  });
});

describe('run controller: classify', () => {
  function controller(sliceMs = 1) {
    const messages: FromWorker[] = [];
    const cache: TeacherCache = new Map();
    const instance = new RunController({
      post: (message) => messages.push(message),
      backends: oneBackend('cpu'),
      load: async (settings) => loadDataset(settings.dataset, settings.seed),
      isInMemory: () => true,
      teachers: { cache, store: { load: async () => null }, useShipped: async () => null },
      store: { save: async () => null, forget: async () => [] },
      shipped: () => undefined,
      sliceMs,
    });
    return { controller: instance, messages };
  }
  const answers = (messages: FromWorker[]) => messages.filter((m): m is Extract<FromWorker, { type: 'classified' }> => m.type === 'classified');
  const point = Float32Array.of(0.3, -0.2);
  let seq = 0;

  it('answers without a run, and while the teacher trains, with what to do; and a wrong size with its reason, not an error', async () => {
    const { controller: c, messages } = controller();
    await c.receive({ type: 'classify', requestId: 1, pixels: point, seq: ++seq });
    await c.receive({ type: 'step', settings: { ...quick, teacherEpochs: 2 }, calibration: null, trainTeacherLive: false, seq: ++seq });
    await c.receive({ type: 'classify', requestId: 2, pixels: point, seq: ++seq });
    expect(answers(messages).map((m) => [m.requestId, m.reason])).toEqual([
      [1, 'There is no run: press Train first.'],
      [2, 'The teacher is still training.'],
    ]);
    await c.receive({ type: 'step', settings: { ...quick, teacherEpochs: 2 }, calibration: null, trainTeacherLive: false, seq: ++seq });
    await c.receive({ type: 'classify', requestId: 3, pixels: new Float32Array(196), seq: ++seq });
    expect(answers(messages).at(-1)).toEqual({ type: 'classified', requestId: 3, logits: null, reason: 'The models read 2 values per input, but 196 were sent.' });
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
    // Every command answered by its state, in order; a paused run stays paused.
    expect(messages.filter((m) => m.type === 'state').map((m) => m.state)).toEqual(['idle', 'paused', 'paused', 'paused', 'paused']);
    await c.receive({ type: 'reset', seq: ++seq });
  });

  it('reads a paused run without training it, and a training run without stopping it; every answer under its request number', async () => {
    const { controller: c, messages } = controller();
    const tensors = tf.memory().numTensors;
    // Teacher trained by Step; then paused among the students.
    for (let i = 0; i < 2; i++) await c.receive({ type: 'step', settings: quick, calibration: null, trainTeacherLive: false, seq: ++seq });
    const slices = c.diagnostics.slices;
    await c.receive({ type: 'classify', requestId: 10, pixels: point, seq: ++seq });
    await c.idle();
    expect(c.diagnostics.slices).toBe(slices);
    expect(c.state).toBe('paused');
    const first = answers(messages).at(-1)!;
    expect(first.requestId).toBe(10);
    expect(Object.keys(first.logits!).sort()).toEqual(['hard', 'soft', 'teacher']);
    expect(first.logits!.teacher!.length).toBe(CLASSES);
    // Now training: readings sent in one burst are all answered, in order, and the run goes on to its end.
    void c.receive({ type: 'resume', seq: ++seq });
    for (let id = 11; id <= 15; id++) void c.receive({ type: 'classify', requestId: id, pixels: point, seq: ++seq });
    await c.settled();
    expect(c.state === 'training' || c.state === 'done').toBe(true);
    await vi.waitFor(() => expect(c.state).toBe('done'), { timeout: 30_000 });
    await c.idle();
    expect(answers(messages).map((m) => m.requestId)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(answers(messages).every((m) => m.logits !== null)).toBe(true);
    expect(c.diagnostics.maxSlicesInFlight).toBe(1);
    // A finished run can still be read.
    await c.receive({ type: 'classify', requestId: 16, pixels: point, seq: ++seq });
    expect(answers(messages).at(-1)!.logits).not.toBeNull();
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
    await c.receive({ type: 'reset', seq: ++seq });
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
