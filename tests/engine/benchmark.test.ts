/** The backend benchmark (workers/select-backend.ts times each backend with it) beside a run's live models. */
import { describe, expect, it } from 'vitest';
import { measureTrainingThroughput } from '../../src/engine/benchmark';
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
