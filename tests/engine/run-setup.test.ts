/**
 * A large run's set-up in units of work (run-setup.ts): the students' weights drawn in steps and the wasm heap grown
 * in chunks ahead of the run, so that Pause and Reset during set-up act between units; the run made from it is the
 * run made directly; and the controller gives a set-up up when Pause or Reset comes.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../datasets/index';
import { createRng } from '../../src/core/rng';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { studentSpecs } from '../../src/core/roster';
import { DistillationRun } from '../../src/engine/distillation-run';
import { initialWeights, initialWeightSteps } from '../../src/engine/mlp';
import { RunSetup, setUpInSlices } from '../../src/engine/run-setup';
import type { FromWorker } from '../../src/protocol/messages';
import { RunController } from '../../workers/run-controller';
import { oneBackend } from '../../workers/one-backend';
import { useCpu } from './setup';

afterAll(useCpu);

describe('initial weights in steps', () => {
  it('are the same values whatever the step', () => {
    const sizes = [3, 17, 5, 2];
    const whole = initialWeights(sizes, createRng(7));
    for (const step of [1, 7, 50, 51, 1000]) {
      const steps = initialWeightSteps(sizes, createRng(7), step);
      let yields = 0;
      let result = steps.next();
      while (!result.done) {
        yields++;
        result = steps.next();
      }
      expect(result.value).toEqual(whole);
      // One yield per `step` values drawn (3·17 + 17·5 + 5·2 = 146 weights).
      expect(yields).toBe(Math.floor(146 / step));
    }
  });
});

describe('a run set up ahead', () => {
  it('is the run made directly: the same students, with a sweep of two sizes (two groups of weights)', async () => {
    await useCpu();
    const settings: Settings = { ...DEFAULT_SETTINGS, mode: 'sweep', teacherEpochs: 1, studentEpochs: 1, studentLayers: '12', tinyLayers: '5', studentFraction: 0.1 };
    const dataset = await loadDataset(settings.dataset, settings.seed);
    const tensors = tf.memory().numTensors;
    const setup = new RunSetup(settings, dataset);
    let units = 0;
    while (!setup.done) {
      setup.next();
      units++;
    }
    expect(units).toBeGreaterThan(0);
    expect(setup.studentWeights).toHaveLength(2);
    // One run at a time (their variables share names): each one's students at the start and after two epochs.
    const studentsOf = async (run: DistillationRun) => {
      const start = await run.studentWeights();
      await run.advance();
      await run.advance();
      const trained = await run.studentWeights();
      run.dispose();
      return { start, trained };
    };
    const direct = await studentsOf(new DistillationRun(settings, dataset));
    const ahead = await studentsOf(new DistillationRun(settings, dataset, undefined, { studentWeights: setup.studentWeights }));
    expect(Object.keys(ahead.start)).toHaveLength(studentSpecs(settings).length); // the sweep's students of both sizes
    expect(ahead).toEqual(direct);
    // Weights drawn for other students are refused.
    expect(() => new DistillationRun({ ...settings, mode: 'compare' }, dataset, undefined, { studentWeights: setup.studentWeights })).toThrow(/other students/);
    expect(tf.memory().numTensors).toBe(tensors); // refused before any tensor was made
  });

  it('on wasm grows the heap for a large run in units, and stops between them when cancelled, holding nothing', async () => {
    const { useNodeBackend } = await import('../../src/engine/node-backend');
    await useNodeBackend('wasm');
    const tensors = tf.memory().numTensors;
    // Two 2048-2048 students: 8.4 M weights to draw, several steps.
    const settings: Settings = { ...DEFAULT_SETTINGS, studentLayers: '2048-2048' };
    const dataset = await loadDataset(settings.dataset, settings.seed);
    let pauses = 0;
    const whole = await setUpInSlices(settings, dataset, 0, async () => void pauses++, () => false);
    expect(whole?.done).toBe(true);
    expect(pauses).toBeGreaterThan(4); // a slice of 0 ms is one unit
    expect(tf.memory().numTensors).toBe(tensors);
    const cancelled = await setUpInSlices(settings, dataset, 0, async () => undefined, () => true);
    expect(cancelled).toBeNull();
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe('the controller', () => {
  it("gives a large run's set-up up when Pause comes during it: both answered, nothing trains, nothing kept", async () => {
    await useCpu();
    const messages: FromWorker[] = [];
    const controller = new RunController({
      post: (message) => messages.push(message),
      backends: oneBackend('cpu'),
      load: (s) => loadDataset(s.dataset, s.seed),
      isInMemory: () => true,
      teachers: { cache: new Map(), store: { load: async () => null }, useShipped: async () => null },
      store: { save: async () => null, forget: async () => [] },
      shipped: () => undefined,
      sliceMs: 0,
    });
    const tensors = tf.memory().numTensors;
    // 2·(2·1024 + 1024² + 1024·3) weights: more than one step to draw.
    const settings: Settings = { ...DEFAULT_SETTINGS, studentLayers: '1024-1024', teacherLayers: '8', teacherEpochs: 1 };
    void controller.receive({ type: 'start', settings, calibration: null, trainTeacherLive: false, seq: 1 });
    await controller.receive({ type: 'pause', seq: 2 });
    await controller.settled();
    const states = messages.filter((m) => m.type === 'state');
    expect(states).toEqual([
      { type: 'state', ack: 1, state: 'idle' },
      { type: 'state', ack: 2, state: 'idle' },
    ]);
    expect(controller.diagnostics.slices).toBe(0);
    expect(messages.some((m) => m.type === 'dataset')).toBe(false);
    expect(tf.memory().numTensors).toBe(tensors);
    // Train again: the run is made and trains.
    await controller.receive({ type: 'start', settings: { ...settings, studentLayers: '8' }, calibration: null, trainTeacherLive: false, seq: 3 });
    expect(controller.state).toBe('training');
    await controller.receive({ type: 'reset', seq: 4 });
    await controller.settled();
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
