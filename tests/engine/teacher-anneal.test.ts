/** The teacher's learning-rate anneal in the engine: it changes the teacher's steps only, by the schedule's rate. */
import { beforeAll, describe, expect, it } from 'vitest';
import { animalsVehicles } from '../../datasets/animals-vehicles';
import { cosineFactor } from '../../src/core/lr-schedule';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { HARD, SOFT } from '../../src/core/roster';
import { DistillationRun } from '../../src/engine/distillation-run';
import { useCpu } from './setup';

const quick: Settings = { ...DEFAULT_SETTINGS, teacherEpochs: 3, studentEpochs: 6, teacherLayers: '16-16', studentLayers: '8', studentFraction: 0.05, teacherDropout: 0.2 };
const data = animalsVehicles({ seed: 1 });

beforeAll(useCpu);

/** The teacher's weights after `epochs` epochs (all of them by default), and the rate of its last epoch. */
async function trainTeacher(settings: Settings, epochs = settings.teacherEpochs): Promise<{ weights: Float32Array[]; rate: number | null }> {
  const run = new DistillationRun(settings, data);
  try {
    expect(run.teacherLearningRate).toBeNull();
    for (let e = 0; e < epochs; e++) await run.advance();
    return { weights: await run.teacherWeights(), rate: run.teacherLearningRate };
  } finally {
    run.dispose();
  }
}

const sum = (weights: Float32Array[]) => weights.reduce((total, w) => w.reduce((s, v) => s + v, total), 0);

describe('the teacher’s learning-rate anneal', () => {
  it('off (the default): the teacher trains at a constant rate, weight for weight as before the anneal existed', async () => {
    const { weights, rate } = await trainTeacher(quick);
    expect(rate).toBe(quick.learningRate);
    // Recorded from the engine before the setting existed (same settings, cpu backend).
    expect(sum(weights)).toBe(-9.554695318336599);
    expect(Array.from(weights.at(-1)!.slice(0, 3))).toEqual([-0.6185396909713745, 0.4394718408584595, 0.14166250824928284]);
  });

  it('on: the first epoch at the full rate, then the cosine’s rates, so the trained weights differ', async () => {
    const annealed = { ...quick, teacherAnneal: 1 };
    const [plainFirst, annealedFirst] = [await trainTeacher(quick, 1), await trainTeacher(annealed, 1)];
    expect(annealedFirst.rate).toBe(quick.learningRate);
    expect(annealedFirst.weights).toEqual(plainFirst.weights);
    const [plain, cosine] = [await trainTeacher(quick), await trainTeacher(annealed)];
    expect(cosine.rate).toBeCloseTo(quick.learningRate * cosineFactor(2, 3), 15);
    expect(cosine.rate).toBeCloseTo(0.0025, 15);
    expect(cosine.weights.map((w) => w.length)).toEqual(plain.weights.map((w) => w.length));
    expect(cosine.weights[0]).not.toEqual(plain.weights[0]);
    // Smaller late steps: the annealed teacher moves less from where both stood after the first epoch.
    const moved = (w: Float32Array[]) => w.reduce((total, layer, i) => layer.reduce((s, v, j) => s + Math.abs(v - plainFirst.weights[i]![j]!), total), 0);
    expect(moved(cosine.weights)).toBeLessThan(moved(plain.weights));
  });

  it('leaves the students’ learning rate alone: the hard student is the same with or without the anneal', async () => {
    const short = { ...quick, teacherEpochs: 2, studentEpochs: 2 };
    const results = [];
    for (const settings of [short, { ...short, teacherAnneal: 1 }]) {
      const run = new DistillationRun(settings, data);
      try {
        while (run.phase !== 'done') await run.advance();
        results.push(run.lastMetrics.students);
      } finally {
        run.dispose();
      }
    }
    expect(results[1]![HARD]).toEqual(results[0]![HARD]);
    expect(results[1]![SOFT]).not.toEqual(results[0]![SOFT]);
  });
});
