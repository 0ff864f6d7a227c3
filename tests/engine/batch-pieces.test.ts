/**
 * A large model's batch in pieces (src/engine/batch-pieces.ts): the pieces cover each batch's rows once, the
 * run takes one piece per slice (so Pause acts between them), and a run in pieces trains the same weights as
 * one taking whole batches, up to float rounding — teacher with dropout, soft targets, an omitted class.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { animalsVehicles } from '../../datasets/animals-vehicles';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { epochPieces, piecesPerBatch } from '../../src/engine/batch-pieces';
import { trainingFlops } from '../../src/core/model-flops';
import { DistillationRun } from '../../src/engine/distillation-run';
import type { MlpWeights } from '../../src/engine/mlp';
import { useCpu } from './setup';

beforeAll(useCpu);

const data = animalsVehicles({ seed: 1 });
// Dropout on the teacher and an omitted class for the students: the parts of a step that depend on the whole batch.
const settings: Settings = {
  ...DEFAULT_SETTINGS,
  teacherEpochs: 2,
  studentEpochs: 3,
  teacherLayers: '32-32',
  studentLayers: '16-16',
  teacherDropout: 0.2,
  omittedClass: 1,
  studentFraction: 0.05,
  batchSize: 16,
};

async function trained(pieceFlops?: number): Promise<{ teacher: MlpWeights; students: Record<string, MlpWeights>; units: number }> {
  const run = new DistillationRun(settings, data, undefined, pieceFlops === undefined ? {} : { stepPieceFlops: pieceFlops });
  try {
    let units = 0;
    while (run.phase !== 'done') {
      // A budget of 0 ms: one unit of work (a batch, a piece of one, or a piece of an evaluation) per call.
      await run.advanceFor(0);
      units++;
    }
    return { teacher: await run.teacherWeights(), students: await run.studentWeights(), units };
  } finally {
    run.dispose();
  }
}

function largestDifference(a: MlpWeights, b: MlpWeights): number {
  let most = 0;
  a.forEach((layer, i) => layer.forEach((value, j) => (most = Math.max(most, Math.abs(value - b[i]![j]!)))));
  return most;
}

describe('a batch in pieces', () => {
  it('cuts each batch into near-equal pieces that cover its rows once, more for a costlier model, never more than its rows', () => {
    const flops = trainingFlops([2, 4096, 4096, 6]);
    expect(flops).toBe(6 * (2 * 4096 + 4096 * 4096 + 4096 * 6));
    expect(piecesPerBatch(32, flops)).toBe(Math.ceil((32 * flops) / 4e8));
    expect(piecesPerBatch(32, 1)).toBe(1);
    expect(piecesPerBatch(3, 1e12)).toBe(3);
    const units = epochPieces(3, (k) => (k < 2 ? 32 : 5), 1e8, 5e8);
    for (const batch of [0, 1, 2]) {
      const pieces = units.filter((u) => u.batch === batch);
      const rows = batch < 2 ? 32 : 5;
      expect(pieces.map((p) => p.piece)).toEqual(pieces.map((_, i) => i));
      expect(pieces.every((p) => p.pieces === pieces.length)).toBe(true);
      expect(pieces.map((p) => p.begin)).toEqual(pieces.map((p, i) => (i === 0 ? 0 : pieces[i - 1]!.begin + pieces[i - 1]!.size)));
      expect(pieces.reduce((sum, p) => sum + p.size, 0)).toBe(rows);
      expect(Math.max(...pieces.map((p) => p.size)) - Math.min(...pieces.map((p) => p.size))).toBeLessThanOrEqual(1);
    }
    expect(units.filter((u) => u.batch === 0)).toHaveLength(7);
    expect(units.filter((u) => u.batch === 2)).toHaveLength(1);
  });

  it('trains the same weights as whole batches (up to float rounding), one piece per slice, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const whole = await trained();
    // Teacher 2-32-32-6 at 6·1,312 FLOPs an example: 3,000 FLOPs a piece cuts its batches of 64 into 11 to 22 pieces,
    // the students' (two 16-16: 2·6·400) of 16 into up to 7.
    const pieces = await trained(3000);
    expect(pieces.units).toBeGreaterThan(3 * whole.units);
    expect(largestDifference(pieces.teacher, whole.teacher)).toBeLessThan(1e-4);
    for (const id of Object.keys(whole.students)) expect(largestDifference(pieces.students[id]!, whole.students[id]!)).toBeLessThan(1e-4);
    // And the weights moved: the comparison is not of two untrained models.
    const untrained = new DistillationRun(settings, data);
    const start = await untrained.studentWeights();
    untrained.dispose();
    expect(largestDifference(start.soft!, whole.students.soft!)).toBeGreaterThan(1e-2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaks nothing when dropped between two pieces of a batch', async () => {
    const before = tf.memory().numTensors;
    const run = new DistillationRun(settings, data, undefined, { stepPieceFlops: 3000 });
    for (let i = 0; i < 5; i++) expect(await run.advanceFor(0)).toBeNull(); // inside the teacher's first batch
    run.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
