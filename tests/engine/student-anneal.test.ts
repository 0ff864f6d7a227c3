/** The students' learning-rate anneal in the engine: one cosine schedule for every student of a run, the teacher untouched. */
import { beforeAll, describe, expect, it } from 'vitest';
import { animalsVehicles } from '../../datasets/animals-vehicles';
import { cosineFactor } from '../../src/core/lr-schedule';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { HARD, SOFT } from '../../src/core/roster';
import { DistillationRun } from '../../src/engine/distillation-run';
import type { MlpWeights } from '../../src/engine/mlp';
import { useCpu } from './setup';

const quick: Settings = { ...DEFAULT_SETTINGS, teacherEpochs: 2, studentEpochs: 4, teacherLayers: '16-16', studentLayers: '8', studentFraction: 0.05 };
const data = animalsVehicles({ seed: 1 });

beforeAll(useCpu);

interface Trained {
  students: Record<string, MlpWeights>;
  teacher: MlpWeights;
  /** The students' rate in each epoch, as the run reported it after starting the epoch. */
  rates: (number | null)[];
}

/** Train the teacher, then `epochs` student epochs (all of them by default). */
async function train(settings: Settings, epochs = settings.studentEpochs): Promise<Trained> {
  const run = new DistillationRun(settings, data);
  try {
    while (run.phase === 'teacher') await run.advance();
    expect(run.studentLearningRate).toBeNull();
    const rates: (number | null)[] = [];
    for (let e = 0; e < epochs; e++) {
      await run.advance();
      rates.push(run.studentLearningRate);
    }
    return { students: await run.studentWeights(), teacher: await run.teacherWeights(), rates };
  } finally {
    run.dispose();
  }
}

const sum = (weights: MlpWeights) => weights.reduce((total, w) => w.reduce((s, v) => s + v, total), 0);
/** How far weights moved from `from`, summed over every value. */
const moved = (weights: MlpWeights, from: MlpWeights) => weights.reduce((total, layer, i) => layer.reduce((s, v, j) => s + Math.abs(v - from[i]![j]!), total), 0);

describe('the students’ learning-rate anneal', () => {
  it('off (the default): every student trains at a constant rate, weight for weight as before the anneal existed', async () => {
    const { students, rates } = await train(quick);
    expect(rates).toEqual([0.01, 0.01, 0.01, 0.01]);
    // Recorded from the engine before the setting existed (same settings, cpu backend).
    expect(sum(students[HARD]!)).toBe(-5.893561425036751);
    expect(sum(students[SOFT]!)).toBe(-3.510209036991);
    expect(Array.from(students[HARD]!.at(-1)!.slice(0, 3))).toEqual([-0.006764083169400692, 0.2484864592552185, -0.22820821404457092]);
    expect(Array.from(students[SOFT]!.at(-1)!.slice(0, 3))).toEqual([0.06896591186523438, 0.2569381594657898, -0.24641555547714233]);
  });

  it('on: the first epoch at the full rate, then the cosine’s rates for hard and soft students alike; the teacher unchanged', async () => {
    const annealed = { ...quick, studentAnneal: 1 };
    const [plainFirst, annealedFirst] = [await train(quick, 1), await train(annealed, 1)];
    expect(annealedFirst.students).toEqual(plainFirst.students);
    const [plain, cosine] = [await train(quick), await train(annealed)];
    expect(cosine.rates).toEqual([0, 1, 2, 3].map((e) => 0.01 * cosineFactor(e, 4)));
    expect(cosine.rates[3]).toBeCloseTo(0.01 * 0.5 * (1 - Math.SQRT1_2), 15);
    expect(cosine.teacher).toEqual(plain.teacher);
    for (const id of [HARD, SOFT]) {
      expect(cosine.students[id]![0]).not.toEqual(plain.students[id]![0]);
      // Smaller late steps: each annealed student moves less from where both stood after the first epoch.
      expect(moved(cosine.students[id]!, plainFirst.students[id]!)).toBeLessThan(moved(plain.students[id]!, plainFirst.students[id]!));
    }
  });

  it('anneals every student of a sweep, both sizes, by the same schedule', async () => {
    const sweep: Settings = { ...quick, mode: 'sweep', tinyLayers: '4', studentEpochs: 3 };
    const [plain, cosine] = [await train(sweep), await train({ ...sweep, studentAnneal: 1 })];
    expect(cosine.rates).toEqual([0, 1, 2].map((e) => 0.01 * cosineFactor(e, 3)));
    const ids = Object.keys(plain.students);
    expect(ids).toHaveLength(14);
    expect(Object.keys(cosine.students)).toEqual(ids);
    for (const id of ids) expect(cosine.students[id]![0]).not.toEqual(plain.students[id]![0]);
  });
});
