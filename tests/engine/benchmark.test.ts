/** The backend benchmark (workers/select-backend.ts times each backend with it) beside a run's live models. */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fastestWindowRate, measureTrainingThroughput, slowStepThroughput, stepsPerRead } from '../../src/engine/benchmark';
import { initialWeights } from '../../src/engine/mlp';
import { StudentStack } from '../../src/engine/student-stack';
import { createRng } from '../../src/core/rng';
import type { StudentSpec } from '../../src/core/roster';
import { useCpu } from './setup';

describe('measureTrainingThroughput', () => {
  it('times a stack of students while a run’s stack of the same layers is alive (a second run of other models)', async () => {
    await useCpu();
    const sizes = [4, 3, 2];
    const specs: StudentSpec[] = [0, 1].map((s) => ({ id: `s${s}`, label: `s${s}`, layers: '3', target: { kind: 'hard' }, ignoredClasses: [] }));
    const live = new StudentStack(specs, sizes, initialWeights(sizes, createRng(1)), Int32Array.from([0, 1]), 0.01);
    try {
      // Before the fix both registered variables named students-3/…: the measurement failed, and the page ran on a backend it had not measured.
      expect(await measureTrainingThroughput(sizes, 8, 20, { students: 3, warmupSteps: 1 })).toBeGreaterThan(0);
    } finally {
      live.dispose();
    }
  });
});

describe('a model too large to time in the budget', () => {
  it('is judged from one slow warm-up step (the first only when it took ten budgets), and timed one step per read when slow', () => {
    // 128 examples in a 2-s step: 64 a second.
    expect(slowStepThroughput(2000, 128, 100, 1, false)).toBe(64);
    expect(slowStepThroughput(2000, 128, 100, 0, false)).toBe(64);
    expect(slowStepThroughput(900, 128, 100, 0, false)).toBeNull(); // under ten budgets: timed on
    expect(slowStepThroughput(900, 128, 100, 2, true)).toBeNull();
    // On a GPU the first step compiles its shaders: never judged from it, however long; a later one is.
    expect(slowStepThroughput(60_000, 128, 100, 0, true)).toBeNull();
    expect(slowStepThroughput(2000, 128, 100, 1, true)).toBe(64);
    expect(stepsPerRead(0.5, 300)).toBe(5);
    expect(stepsPerRead(250, 300)).toBe(5);
    expect(stepsPerRead(1000, 300)).toBe(1);
  });

  it('returns after the warm-up step that outlasts the budget, leaving no tensor behind', async () => {
    await useCpu();
    const tensors = tf.memory().numTensors;
    let steps = 0;
    // A budget of a microsecond: the first step takes more than ten of them, so it decides (before: 3 warm-up steps and 5 timed).
    const perSecond = await measureTrainingThroughput([20, 30, 4], 16, 0.001, { warmupSteps: 3, onStep: () => steps++ });
    expect(steps).toBe(1);
    expect(perSecond).toBeGreaterThan(0);
    expect(Number.isFinite(perSecond)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    // A generous budget times steps after the warm-up one (how many depends on the machine's load: 5 were seen
    // where more were asked, under a CI run's two test processes, so only "more than the warm-up" is asserted).
    steps = 0;
    await measureTrainingThroughput([20, 30, 4], 16, 50, { warmupSteps: 1, onStep: () => steps++ });
    expect(steps).toBeGreaterThan(1);
  });
});

describe('the fastest window of a trial', () => {
  // Read-backs every 10 ms, 5 steps of 100 examples each time: 50,000 examples/s, but for a disturbed stretch.
  const steady = Array.from({ length: 30 }, (_, i) => ({ at: 10 * (i + 1), steps: 5 * (i + 1) }));

  it('is the whole stretch with one window, as `npm run bench` times', () => {
    expect(fastestWindowRate(0, steady, 300, 100)).toBeCloseTo(50_000, 6);
    // Disturbed for the first 200 ms (a fifth of the speed): one window averages it in.
    const disturbed = steady.map(({ at }, i) => ({ at, steps: i < 20 ? i + 1 : 20 + 5 * (i - 19) }));
    expect(fastestWindowRate(0, disturbed, 300, 100)).toBeCloseTo(((disturbed.at(-1)!.steps * 100) / 300) * 1000, 6);
    // Three windows: the last, undisturbed one decides.
    expect(fastestWindowRate(0, disturbed, 100, 100)).toBeCloseTo(50_000, 6);
  });

  it('counts a last window cut short only once it lasted half a window, and falls back to the whole stretch', () => {
    // Windows of 100 ms over 0–230 ms: the last 30 ms (3 read-backs, twice as fast) are too short to count.
    const marks = [...steady.slice(0, 20), { at: 210, steps: 110 }, { at: 220, steps: 120 }, { at: 230, steps: 130 }];
    expect(fastestWindowRate(0, marks, 100, 100)).toBeCloseTo(50_000, 6);
    // Steps slower than a window (one read-back, 250 ms in): no window closes before it, so it is the whole stretch.
    expect(fastestWindowRate(0, [{ at: 250, steps: 1 }], 100, 128)).toBeCloseTo(512, 6);
    expect(fastestWindowRate(0, [], 100, 128)).toBe(0);
  });

  it('times a model in windows and leaves no tensor behind', async () => {
    await useCpu();
    const tensors = tf.memory().numTensors;
    expect(await measureTrainingThroughput([20, 30, 4], 16, 60, { warmupSteps: 1, windows: 3 })).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
