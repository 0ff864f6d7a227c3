import { describe, expect, it, vi } from 'vitest';
import { BROWSER_LOOP_DUTY, loopDuty } from '../../src/core/loop-duty';
import {
  DATASET_SIZES,
  EVALUATION_COST,
  EVALUATION_EFFICIENCY,
  evaluationRowSeconds,
  fastestTrainingFlopRate,
  downloadedData,
  firstEpochSeconds,
  isMetricsEpoch,
  loadsOnlyForARun,
  longRunText,
  metricsEpochCount,
  runEstimate,
  transferCount,
  type RunEstimate,
} from '../../src/core/run-estimate';
import { estimatedRunSeconds, LONG_RUN_SECONDS, runModels } from '../../src/core/backend-calibration';
import { findPreset } from '../../src/core/presets';
import { DATASET_NAMES, isImageDataset, type Settings } from '../../src/core/settings';
import { isDatasetInMemory, loadDataset } from '../../datasets/index';
import { findReadyTeacher } from '../../workers/teacher-lookup';
import { teacherKey } from '../../src/core/teacher-origin';
import type { TeacherCache } from '../../src/engine/teacher-cache';

const preset = (name: string) => findPreset(name)!.settings as Settings;
const full = preset('paper-full');
const wasm = { backend: 'wasm' as const, teacher: 500, students: [1480] };
// The full-scale models' weights: teacher 784-1200-1200-10, each of the two students 784-800-800-10.
const TEACHER_WEIGHTS = 784 * 1200 + 1200 * 1200 + 1200 * 10;
const STUDENT_WEIGHTS = 784 * 800 + 800 * 800 + 800 * 10;
// Of the two measured, the students train faster per FLOP: 1,480 examples/s through both, 6 FLOPs per weight.
const FLOP_RATE = 1480 * 2 * 6 * STUDENT_WEIGHTS;
// A row costs the cheaper of 0.3 of the model's own training example and its FLOPs (2 per weight) at 0.7 of that
// rate. The teacher measured slow here: its FLOPs count, 3.0e-4 s a row against 0.3 / 500 = 6.0e-4 s.
const TEACHER_ROW = (2 * TEACHER_WEIGHTS) / (EVALUATION_EFFICIENCY * FLOP_RATE);
// The students trained at batch 128 near their best: 0.3 of their step, 2.0e-4 s, against 3.2e-4 s by FLOPs.
const STUDENTS_ROW = EVALUATION_COST / 1480;

describe('dataset sizes, known without loading the data', () => {
  it('match the generated 2-D sets, and the official MNIST parts for the digits', async () => {
    for (const name of DATASET_NAMES.filter((n) => !isImageDataset(n))) {
      const data = await loadDataset(name, 7);
      expect([data.trainY.length, data.testY.length], name).toEqual([DATASET_SIZES[name].train, DATASET_SIZES[name].test]);
      expect(isDatasetInMemory(name)).toBe(true);
    }
    expect(DATASET_SIZES['digits-14']).toEqual({ train: 60_000, test: 10_000 });
    expect(DATASET_SIZES['digits-28']).toEqual({ train: 60_000, test: 10_000 });
  });

  it('previews never download the 28×28 digits; the downloads are named with their size', () => {
    expect(isDatasetInMemory('digits-28')).toBe(false);
    expect(loadsOnlyForARun('digits-28')).toBe(true);
    expect(loadsOnlyForARun('digits-14')).toBe(false);
    expect(loadsOnlyForARun('animals-vehicles')).toBe(false);
    expect(downloadedData('digits-28')).toBe('the 28×28 digits (11.2 MB)');
    expect(downloadedData('spirals')).toBeNull();
  });

  it('the transfer set is the students’ share, without the classes no student learns from', () => {
    expect(transferCount(full)).toBe(60_000);
    expect(transferCount(preset('low-data'))).toBe(80);
    expect(transferCount(preset('three-percent'))).toBe(1800);
    // Omitted class: a reference student still sees it, so the set keeps every class.
    expect(transferCount({ ...full, omittedClass: 3 })).toBe(60_000);
    expect(transferCount({ ...full, keptClasses: '7,8' })).toBe(12_000);
  });
});

describe('evaluated epochs (the charts’ points)', () => {
  it('the first, the last, and about 10 (teacher) or 25 (students) between', () => {
    expect(metricsEpochCount('students', 20)).toBe(20);
    expect(metricsEpochCount('teacher', 60)).toBe(11);
    expect(metricsEpochCount('students', 300)).toBe(26);
    expect(metricsEpochCount('teacher', 0)).toBe(0);
    expect([1, 2, 6, 12, 60].map((e) => isMetricsEpoch('teacher', e, 60))).toEqual([true, false, true, true, true]);
  });
});

describe('run estimate', () => {
  it('the full-scale paper run with the shipped teacher: the students’ epochs, their evaluations and the soft targets', () => {
    const estimate = runEstimate(wasm, full, 'shipped')!;
    const students = (20 * 60_000) / 1480 + 20 * 70_000 * STUDENTS_ROW;
    const softTargets = 60_000 * TEACHER_ROW;
    expect(EVALUATION_COST / 500).toBeGreaterThan(TEACHER_ROW);
    expect((2 * 2 * STUDENT_WEIGHTS) / (EVALUATION_EFFICIENCY * FLOP_RATE)).toBeGreaterThan(STUDENTS_ROW);
    // The shipped teacher is evaluated once before the students (engine/teacher-check.ts); one already trained in the tab is not.
    expect(estimate.teacherSeconds).toBeCloseTo(70_000 * TEACHER_ROW, 6);
    expect(runEstimate(wasm, full, 'stored')!.teacherSeconds).toBe(estimate.teacherSeconds);
    expect(runEstimate(wasm, full, 'memory')!.teacherSeconds).toBe(0);
    expect(estimate.studentSeconds).toBeCloseTo(students + softTargets, 6);
    expect(estimate.seconds).toBeCloseTo(1133.8, 1);
    expect(estimate).toMatchObject({ backend: 'wasm', teacherRate: 500, studentRate: 1480, studentCount: 2, teacherEpochs: 0, studentEpochs: 20 });
    expect(estimate.seconds).toBeGreaterThan(LONG_RUN_SECONDS);
    // The training part alone is the calibration's estimate.
    const training = estimatedRunSeconds(wasm, full, 60_000, true)!;
    expect(estimate.seconds - training).toBeCloseTo(20 * 70_000 * STUDENTS_ROW + softTargets + estimate.teacherSeconds, 6);
  });

  it('counts the teacher when it trains, with its evaluations', () => {
    const estimate = runEstimate(wasm, full, 'train')!;
    expect(estimate.teacherSeconds).toBeCloseTo((80 * 60_000) / 500 + 11 * 70_000 * TEACHER_ROW, 6);
    expect(estimate.teacherEpochs).toBe(80);
    expect(estimate.seconds).toBeCloseTo(estimate.teacherSeconds + runEstimate(wasm, full, 'shipped')!.studentSeconds, 6);
  });

  it('adds the times per example of several student architectures (a sweep) into one rate', () => {
    const estimate = runEstimate({ backend: 'wasm', teacher: 29_000, students: [9_900, 28_000] }, preset('sweep'), 'shipped')!;
    expect(estimate.studentRate).toBeCloseTo(1 / (1 / 9_900 + 1 / 28_000), 6);
    expect(estimate.studentCount).toBe(14);
    // At least the students' training itself (epochs × transfer set ÷ the joint rate), and still a short run.
    const sweep = preset('sweep');
    expect(estimate.seconds).toBeGreaterThan((sweep.studentEpochs * Math.round(60_000 * sweep.studentFraction)) / estimate.studentRate);
    expect(estimate.seconds).toBeLessThan(LONG_RUN_SECONDS);
  });

  it('a row costs the cheaper of 0.3 of the model’s own step and its FLOPs at 0.7 of the fastest training FLOP/s', () => {
    expect(fastestTrainingFlopRate(wasm, runModels(full))).toBeCloseTo(FLOP_RATE, 0);
    // A teacher measured faster per FLOP sets the rate instead: 2,000 examples/s of the teacher is 28.7 GFLOP/s.
    expect(fastestTrainingFlopRate({ ...wasm, teacher: 2000 }, runModels(full))).toBeCloseTo(2000 * 6 * TEACHER_WEIGHTS, 0);
    // 0.3 of a step at 100 examples/s, 3 ms, against 12 FLOPs at 0.7 of 1,000 FLOP/s, 17 ms; then two copies (24
    // FLOPs) at 0.7 of a million FLOP/s, 34 µs.
    expect(evaluationRowSeconds(100, [2, 3], 1, 1e3)).toBeCloseTo(0.003, 12);
    expect(evaluationRowSeconds(100, [2, 3], 2, 1e6)).toBeCloseTo(24 / (0.7 * 1e6), 12);
    // The sweep: fourteen small students trained in batches of 32 evaluate 11,800 digits an epoch at 0.7 of the
    // teacher's rate (29,000 × 6 × 118,272 FLOPs = 20.6 GFLOP/s), not at a share of their own slow steps.
    const sweep = preset('sweep');
    const trial = { backend: 'wasm' as const, teacher: 29_000, students: [9_900, 28_000] };
    const rate = fastestTrainingFlopRate(trial, runModels(sweep));
    expect(rate).toBeCloseTo(29_000 * 6 * (196 * 256 + 256 * 256 + 256 * 10), 0);
    const estimate = runEstimate(trial, sweep, 'memory')!;
    const training = (sweep.studentEpochs * transferCount(sweep)) / estimate.studentRate;
    const rows = 7 * 2 * (196 * 64 + 64 * 64 + 64 * 10 + (196 * 30 + 30 * 30 + 30 * 10));
    const teacherRow = 0.3 / 29_000;
    expect(estimate.studentSeconds).toBeCloseTo(transferCount(sweep) * teacherRow + training + metricsEpochCount('students', sweep.studentEpochs) * (transferCount(sweep) + 10_000) * (rows / (0.7 * rate)), 6);
    // By their own steps alone (0.3 of each), the evaluations would count 1.7 times as long with these figures.
    expect((0.3 / 9_900 + 0.3 / 28_000) / (rows / (0.7 * rate))).toBeCloseTo(1.73, 2);
  });

  it('a toy preset is seconds: no question', () => {
    const estimate = runEstimate({ backend: 'wasm', teacher: 200_000, students: [78_000] }, preset('low-data'), 'train')!;
    expect(estimate.seconds).toBeLessThan(5);
  });

  it('counts the browser loop’s rests: its measured speeds over the share of time it trains (Node never rests)', () => {
    const node = runEstimate(wasm, full, 'train')!;
    const browser = runEstimate(wasm, full, 'train', BROWSER_LOOP_DUTY)!;
    expect(BROWSER_LOOP_DUTY).toBeCloseTo(16 / 20, 12);
    expect(browser.teacherSeconds).toBeCloseTo(node.teacherSeconds / 0.8, 6);
    expect(browser.studentSeconds).toBeCloseTo(node.studentSeconds / 0.8, 6);
    expect(browser.seconds).toBeCloseTo(node.seconds * 1.25, 6);
    // The rates it says it measured stay the measured ones.
    expect(browser).toMatchObject({ teacherRate: 500, studentRate: 1480 });
    expect(loopDuty(16, 0)).toBe(1);
    // A share that makes no sense is no share.
    expect(runEstimate(wasm, full, 'train', 0)!.seconds).toBe(node.seconds);
    expect(runEstimate(wasm, full, 'train', Number.NaN)!.seconds).toBe(node.seconds);
  });

  it('is null for a backend that was not measured', () => {
    expect(runEstimate({ backend: 'webgl', skipped: 'no GPU' }, full, 'shipped')).toBeNull();
    expect(runEstimate({ backend: 'cpu', teacher: 0, students: [10] }, full, 'shipped')).toBeNull();
  });

  it('Step: the first epoch, the teacher’s when it trains', () => {
    const ready = runEstimate(wasm, full, 'shipped')!;
    const trains = runEstimate(wasm, full, 'train')!;
    // With a ready teacher, its evaluation comes before the first epoch of the students.
    expect(firstEpochSeconds(ready)).toBeCloseTo(ready.teacherSeconds + ready.studentSeconds / 20, 6);
    expect(firstEpochSeconds(trains)).toBeCloseTo(trains.teacherSeconds / 80, 6);
  });
});

describe('the question', () => {
  it('says how long, on which backend, measured how fast, where the teacher comes from and what it downloads', () => {
    const text = longRunText('Paper: MNIST, full scale', runEstimate(wasm, full, 'shipped')!, 'run', 'shipped', 'It first downloads the 28×28 digits (11.2 MB).');
    expect(text.headline).toBe('Paper: MNIST, full scale: about 19 min of training on this device');
    expect(text.details).toBe(
      'Measured on wasm with these models: 1,480 examples/s for the two students. It uses the teacher shipped with the app, evaluated here first; only the students train. It first downloads the 28×28 digits (11.2 MB).',
    );
    const live = longRunText('Paper: MNIST, full scale', runEstimate(wasm, full, 'train')!, 'run', 'train', null);
    expect(live.headline).toBe('Paper: MNIST, full scale: about 3 h 2 min of training on this device');
    expect(live.details).toBe('Measured on wasm with these models: 500 examples/s for the teacher, 1,480 examples/s for the two students. The teacher trains first, then the students. One epoch of the teacher alone takes about 2 min.');
    const step = longRunText('This run', runEstimate(wasm, full, 'train')!, 'epoch', 'train', null);
    expect(step.headline).toBe('This run: about 2 min for one epoch of the teacher (Step) on this device');
  });
});

describe('where the teacher will come from, before the run and without downloading', () => {
  const settings = full;
  const key = teacherKey(settings);
  const metrics = { loss: 0.1, trainAcc: 0.99, testAcc: 0.98 };

  function lookup(stored: boolean) {
    const cache: TeacherCache = new Map();
    const load = vi.fn(async () => (stored ? { weights: [new Float32Array(1)], metrics, savedAt: 5 } : null));
    return { cache, load, value: { cache, store: { load } } };
  }

  it('memory, then stored (put into the memory cache), then shipped by the manifest alone, then train', async () => {
    const memory = lookup(true);
    memory.cache.set(key, { weights: [], metrics, origin: { kind: 'trained' } });
    expect(await findReadyTeacher(memory.value, () => true, settings, false)).toBe('memory');
    expect(memory.load).not.toHaveBeenCalled();

    const stored = lookup(true);
    expect(await findReadyTeacher(stored.value, () => true, settings, false)).toBe('stored');
    expect(stored.cache.get(key)?.origin).toEqual({ kind: 'stored', savedAt: 5 });

    const shipped = lookup(false);
    const hasShipped = vi.fn(() => true);
    expect(await findReadyTeacher(shipped.value, hasShipped, settings, false)).toBe('shipped');
    expect(hasShipped).toHaveBeenCalledWith(settings);
    expect(shipped.cache.size).toBe(0);

    expect(await findReadyTeacher(lookup(false).value, () => false, settings, false)).toBe('train');
  });

  it('"train live" trains, and leaves the cache to the run', async () => {
    const live = lookup(true);
    live.cache.set(key, { weights: [], metrics, origin: { kind: 'stored', savedAt: 1 } });
    expect(await findReadyTeacher(live.value, () => true, settings, true)).toBe('train');
    expect(live.cache.has(key)).toBe(true);
    expect(live.load).not.toHaveBeenCalled();
  });
});
