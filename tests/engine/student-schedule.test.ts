/**
 * The students' learning-rate settings in the engine: their own rate (`studentLearningRate`) and its cosine anneal
 * over their epochs (`studentAnneal`), for every student of a run alike, the teacher at the shared rate untouched.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { animalsVehicles } from '../../datasets/animals-vehicles';
import { cosineFactor } from '../../src/core/lr-schedule';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { HARD, SOFT } from '../../src/core/roster';
import { DistillationRun } from '../../src/engine/distillation-run';
import type { MlpWeights } from '../../src/engine/mlp';
import { useCpu } from './setup';

const quick: Settings = { ...DEFAULT_SETTINGS, teacherEpochs: 2, studentEpochs: 4, teacherLayers: '16-16', studentLayers: '8', studentFraction: 0.05 };
const sweep: Settings = { ...quick, mode: 'sweep', tinyLayers: '4', studentEpochs: 3 };
const data = animalsVehicles({ seed: 1 });

beforeAll(useCpu);

interface Trained {
  students: Record<string, MlpWeights>;
  teacher: MlpWeights;
  /** The teacher's rate in its last epoch and the students' in each of theirs, as the run reported them. */
  teacherRate: number | null;
  rates: (number | null)[];
}

/** Train the teacher, then `epochs` student epochs (all of them by default). */
async function train(settings: Settings, epochs = settings.studentEpochs): Promise<Trained> {
  const run = new DistillationRun(settings, data);
  try {
    let teacherRate: number | null = null;
    while (run.phase === 'teacher') {
      await run.advance();
      teacherRate = run.teacherLearningRate ?? teacherRate;
    }
    expect(run.studentLearningRate).toBeNull();
    const rates: (number | null)[] = [];
    for (let e = 0; e < epochs; e++) {
      await run.advance();
      rates.push(run.studentLearningRate);
    }
    return { students: await run.studentWeights(), teacher: await run.teacherWeights(), teacherRate, rates };
  } finally {
    run.dispose();
  }
}

const sum = (weights: MlpWeights) => weights.reduce((total, w) => w.reduce((s, v) => s + v, total), 0);
/** How far weights moved from `from`, summed over every value. */
const moved = (weights: MlpWeights, from: MlpWeights) => weights.reduce((total, layer, i) => layer.reduce((s, v, j) => s + Math.abs(v - from[i]![j]!), total), 0);

describe('the students’ own learning rate and its anneal', () => {
  it('both off (the defaults): every student trains at the shared, constant rate, weight for weight as before either setting existed', async () => {
    const { students, rates } = await train({ ...quick, studentLearningRate: 0, studentAnneal: 0 });
    expect(rates).toEqual([0.01, 0.01, 0.01, 0.01]);
    // Recorded from the engine before the settings existed (same settings, cpu backend).
    expect(sum(students[HARD]!)).toBe(-5.893561425036751);
    expect(sum(students[SOFT]!)).toBe(-3.510209036991);
    expect(Array.from(students[HARD]!.at(-1)!.slice(0, 3))).toEqual([-0.006764083169400692, 0.2484864592552185, -0.22820821404457092]);
    expect(Array.from(students[SOFT]!.at(-1)!.slice(0, 3))).toEqual([0.06896591186523438, 0.2569381594657898, -0.24641555547714233]);
    // Setting their rate to the shared one is the same run.
    expect((await train({ ...quick, studentLearningRate: quick.learningRate })).students).toEqual(students);
  });

  it('a rate of their own changes every student, not the teacher', async () => {
    const [plain, own] = [await train(quick), await train({ ...quick, studentLearningRate: 0.003 })];
    expect(own.rates).toEqual([0.003, 0.003, 0.003, 0.003]);
    expect([own.teacherRate, plain.teacherRate]).toEqual([0.01, 0.01]);
    expect(own.teacher).toEqual(plain.teacher);
    for (const id of [HARD, SOFT]) expect(own.students[id]![0]).not.toEqual(plain.students[id]![0]);
    // A shared rate of 0.003 retrains the teacher as well; the hard student, which never sees the teacher, is the same.
    const shared = await train({ ...quick, learningRate: 0.003 });
    expect(shared.teacher).not.toEqual(plain.teacher);
    expect(shared.students[HARD]).toEqual(own.students[HARD]);
  });

  it('the anneal: the first epoch at the full rate, then the cosine’s rates for hard and soft students alike; the teacher unchanged', async () => {
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
    const [plain, cosine] = [await train(sweep), await train({ ...sweep, studentAnneal: 1 })];
    expect(cosine.rates).toEqual([0, 1, 2].map((e) => 0.01 * cosineFactor(e, 3)));
    const ids = Object.keys(plain.students);
    expect(ids).toHaveLength(14);
    expect(Object.keys(cosine.students)).toEqual(ids);
    for (const id of ids) expect(cosine.students[id]![0]).not.toEqual(plain.students[id]![0]);
  });

  it('their own rate is what the anneal starts from, in a sweep too', async () => {
    const [plain, annealed] = [await train(sweep), await train({ ...sweep, studentLearningRate: 0.02, studentAnneal: 1 })];
    expect(annealed.rates).toEqual([0, 1, 2].map((e) => 0.02 * cosineFactor(e, 3)));
    expect(annealed.teacher).toEqual(plain.teacher);
    const ids = Object.keys(plain.students);
    expect(ids).toHaveLength(14);
    for (const id of ids) expect(annealed.students[id]![0]).not.toEqual(plain.students[id]![0]);
  });
});
