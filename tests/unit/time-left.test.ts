import { describe, expect, it } from 'vitest';
import { workerSecondsPerEpoch, progressLabel, secondsLeft, secondsPerEpoch, teacherSourceWord, timeLeftText, type EpochMark, type PhaseMarks } from '../../src/core/time-left';
import type { RunEstimate } from '../../src/core/run-estimate';

/** Reports of epochs `from`..`to`, `seconds` apart, the first at `start` ms. */
const marks = (from: number, to: number, seconds: number, start = 0): EpochMark[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ epoch: from + i, at: start + i * seconds * 1000 }));
const none: PhaseMarks = { total: 0, marks: [] };
const estimate: RunEstimate = { backend: 'wasm', teacherSeconds: 600, studentSeconds: 300, seconds: 900, teacherRate: 1, studentRate: 1, studentCount: 2, teacherEpochs: 60, studentEpochs: 20 };

describe('seconds per epoch, as measured', () => {
  it('needs two timed epochs: the first report only starts the clock, the first timed epoch is left out', () => {
    expect(secondsPerEpoch([])).toBeNull();
    expect(secondsPerEpoch(marks(1, 1, 2))).toBeNull();
    expect(secondsPerEpoch(marks(1, 2, 2))).toBeNull();
    expect(secondsPerEpoch(marks(1, 3, 2))).toBeCloseTo(2, 9);
    // Reports that skip epochs share the time between them.
    expect(secondsPerEpoch([{ epoch: 1, at: 0 }, { epoch: 2, at: 2000 }, { epoch: 5, at: 8000 }])).toBeCloseTo(2, 9);
  });

  it('leaves out a slow first epoch, keeps the periodic evaluations', () => {
    const slowFirst = [{ epoch: 1, at: 0 }, ...marks(2, 10, 1, 20_000)];
    expect(secondsPerEpoch(slowFirst)).toBeCloseTo(1, 9);
    // Evaluations (1.5 s every third epoch) are real time and count.
    const withEvaluations: EpochMark[] = [{ epoch: 1, at: 0 }];
    for (let e = 2; e <= 13; e++) withEvaluations.push({ epoch: e, at: withEvaluations.at(-1)!.at + (e % 3 === 0 ? 1500 : 1000) });
    expect(secondsPerEpoch(withEvaluations)).toBeCloseTo((7 * 1 + 4 * 1.5) / 11, 9);
  });

  it('is not thrown by reports arriving in bursts (a busy page): a second of epochs, or 20 of them, first', () => {
    const bursts = [0, 200, 1000, 1000, 1000, 1800, 1800].map((at, i) => ({ epoch: i + 1, at }));
    expect(secondsPerEpoch(bursts)).toBeCloseTo(1.6 / 5, 9);
    expect(secondsPerEpoch(bursts.slice(0, 5))).toBeNull();
    expect(secondsPerEpoch(marks(1, 21, 0.01))).toBeNull();
    expect(secondsPerEpoch(marks(1, 22, 0.01))).toBeCloseTo(0.01, 9);
  });

  it('uses the recent epochs once the run has changed pace', () => {
    const fastThenSlow = [...marks(1, 30, 1), ...marks(31, 60, 2, 31_000)];
    expect(secondsPerEpoch(fastThenSlow)).toBeCloseTo(2, 9);
  });

  it('does not count time paused: the first report after a pause starts the clock again', () => {
    const paused: EpochMark[] = [...marks(1, 5, 1), { epoch: 6, at: 600_000, afterPause: true }, { epoch: 7, at: 601_000 }];
    expect(secondsPerEpoch(paused)).toBeCloseTo(1, 9);
    // Steps only: nothing is timed.
    expect(secondsPerEpoch([{ epoch: 1, at: 0 }, { epoch: 2, at: 9000, afterPause: true }])).toBeNull();
  });

  it('ignores nonsense: NaN, time going back, epochs not moving on', () => {
    expect(secondsPerEpoch([{ epoch: 1, at: 0 }, { epoch: 2, at: Number.NaN }])).toBeNull();
    expect(secondsPerEpoch([{ epoch: 1, at: 5000 }, { epoch: 2, at: 1000 }])).toBeNull();
    expect(secondsPerEpoch([{ epoch: 3, at: 0 }, { epoch: 3, at: 1000 }, { epoch: 2, at: 2000 }])).toBeNull();
    expect(secondsPerEpoch([{ epoch: Number.NaN, at: 0 }, { epoch: 2, at: 1000 }])).toBeNull();
  });
});

describe("seconds per epoch, as the worker timed them", () => {
  it('is the recent epochs\' mean, leaving out the phase\'s first once a later one is timed', () => {
    expect(workerSecondsPerEpoch([])).toBeNull();
    expect(workerSecondsPerEpoch(marks(1, 3, 1))).toBeNull(); // an older worker said nothing
    // A Step's first epoch alone (soft targets, kernels compiled): it is all there is.
    expect(workerSecondsPerEpoch([{ epoch: 1, at: 0, workerSeconds: 0.9 }])).toBeCloseTo(0.9, 9);
    expect(workerSecondsPerEpoch([{ epoch: 1, at: 0, workerSeconds: 0.9 }, { epoch: 2, at: 600, workerSeconds: 0.5, afterPause: true }, { epoch: 3, at: 1100, workerSeconds: 0.7 }])).toBeCloseTo(0.6, 9);
    // Only the recent 20 count.
    const slowThenFast = Array.from({ length: 40 }, (_, i) => ({ epoch: i + 1, at: i * 1000, workerSeconds: i < 20 ? 2 : 0.5 }));
    expect(workerSecondsPerEpoch(slowThenFast)).toBeCloseTo(0.5, 9);
  });

  it('ignores nonsense', () => {
    expect(workerSecondsPerEpoch([{ epoch: 1, at: 0, workerSeconds: Number.NaN }, { epoch: 2, at: 1, workerSeconds: -1 }])).toBeNull();
    expect(workerSecondsPerEpoch([{ epoch: 2, at: 0, workerSeconds: Number.POSITIVE_INFINITY }, { epoch: 3, at: 1, workerSeconds: 0.4 }])).toBeCloseTo(0.4, 9);
  });

  it('stands in for the arrivals until they are timed, and before the estimate (the lower, after the first epoch alone): after a Step, and early in a phase', () => {
    const afterStep: PhaseMarks = { total: 14, marks: [{ epoch: 1, at: 5000, workerSeconds: 0.6 }] };
    // The estimate (15 s an epoch) would say 195 s; the worker timed 0.6 s.
    expect(secondsLeft({ phase: 'students', teacher: none, students: afterStep, estimate })).toBeCloseTo(13 * 0.6, 9);
    // Only the phase's first epoch timed, and it ran long (the soft targets, compiled kernels): the estimate, when lower.
    const firstSlow: PhaseMarks = { total: 20, marks: [{ epoch: 1, at: 5000, workerSeconds: 40 }] };
    expect(secondsLeft({ phase: 'students', teacher: none, students: firstSlow, estimate })).toBeCloseTo(19 * 15, 9);
    // Once a later epoch is timed by the worker, its timing stands, however the estimate compares.
    const later: PhaseMarks = { total: 20, marks: [{ epoch: 1, at: 5000, workerSeconds: 40 }, { epoch: 2, at: 5100, workerSeconds: 30 }] };
    expect(secondsLeft({ phase: 'students', teacher: none, students: later, estimate })).toBeCloseTo(18 * 30, 9);
    // Arrivals timed for over a second win (they count the page's share too).
    const timed: PhaseMarks = { total: 20, marks: marks(1, 4, 0.8).map((m) => ({ ...m, workerSeconds: 0.5 })) };
    expect(secondsLeft({ phase: 'students', teacher: none, students: timed, estimate })).toBeCloseTo(16 * 0.8, 9);
  });
});

describe('seconds left of the whole run', () => {
  it('says nothing before a phase, or when nothing is timed and there is no estimate', () => {
    expect(secondsLeft({ phase: null, teacher: none, students: none })).toBeNull();
    expect(secondsLeft({ phase: 'students', teacher: none, students: { total: 40, marks: marks(1, 1, 1) } })).toBeNull();
    // The teacher's phase without an estimate: the students' time would be a guess.
    expect(secondsLeft({ phase: 'teacher', teacher: { total: 30, marks: marks(1, 10, 1) }, students: { total: 40, marks: [] } })).toBeNull();
  });

  it('the students: their epochs left at their measured time', () => {
    expect(secondsLeft({ phase: 'students', teacher: none, students: { total: 40, marks: marks(1, 12, 0.5) } })).toBeCloseTo(28 * 0.5, 9);
    expect(secondsLeft({ phase: 'students', teacher: none, students: { total: 40, marks: marks(1, 40, 0.5) } })).toBe(0);
  });

  it('from the estimate until an epoch of the phase is timed', () => {
    // 300 s for 20 student epochs: 15 s each, 19 left.
    expect(secondsLeft({ phase: 'students', teacher: none, students: { total: 20, marks: marks(1, 1, 1) }, estimate })).toBeCloseTo(19 * 15, 9);
    expect(secondsLeft({ phase: 'students', teacher: none, students: { total: 20, marks: marks(1, 2, 1) }, estimate })).toBeCloseTo(18 * 15, 9);
    // Then the measured time wins.
    expect(secondsLeft({ phase: 'students', teacher: none, students: { total: 20, marks: marks(1, 3, 2) }, estimate })).toBeCloseTo(17 * 2, 9);
  });

  it('the teacher: its epochs left at its measured time, plus the students by the estimate', () => {
    const teacher = { total: 60, marks: marks(1, 5, 5) };
    expect(secondsLeft({ phase: 'teacher', teacher, students: { total: 20, marks: [] }, estimate })).toBeCloseTo(55 * 5 + 300, 9);
    expect(secondsLeft({ phase: 'teacher', teacher: { total: 60, marks: marks(1, 1, 5) }, students: { total: 20, marks: [] }, estimate })).toBeCloseTo(59 * 10 + 300, 9);
  });

  it('decreases as a steady run goes on', () => {
    const all = marks(1, 40, 0.7);
    const lefts = all.map((_, i) => secondsLeft({ phase: 'students', teacher: none, students: { total: 40, marks: all.slice(0, i + 1) } }));
    const timed = lefts.filter((s) => s !== null);
    expect(timed).toHaveLength(37);
    for (let i = 1; i < timed.length; i++) expect(timed[i]!).toBeLessThan(timed[i - 1]!);
    expect(timed.at(-1)).toBe(0);
  });

  it('gives no estimate for nonsense totals, epochs past the end, or a broken estimate', () => {
    for (const total of [0, -5, Number.NaN, 2.5]) expect(secondsLeft({ phase: 'students', teacher: none, students: { total, marks: marks(1, 3, 1) } })).toBeNull();
    expect(secondsLeft({ phase: 'students', teacher: none, students: { total: 2, marks: marks(1, 3, 1) } })).toBeNull();
    expect(secondsLeft({ phase: 'students', teacher: none, students: { total: 10, marks: [{ epoch: -1, at: 0 }] } })).toBeNull();
    const broken = { ...estimate, studentSeconds: Number.NaN, teacherSeconds: -1 };
    expect(secondsLeft({ phase: 'students', teacher: none, students: { total: 20, marks: marks(1, 1, 1) }, estimate: broken })).toBeNull();
    expect(secondsLeft({ phase: 'teacher', teacher: { total: 60, marks: marks(1, 1, 1) }, students: none, estimate: broken })).toBeNull();
    expect(secondsLeft({ phase: 'students', teacher: none, students: { total: 20, marks: marks(1, 1, 1) }, estimate: { ...estimate, studentEpochs: 0 } })).toBeNull();
  });
});

describe('the words', () => {
  it('rounds the time left sensibly, and never says "about 0 s"', () => {
    expect(timeLeftText(0)).toBe('finishing');
    expect(timeLeftText(0.4)).toBe('finishing');
    expect(timeLeftText(0.5)).toBe('about 1 s left');
    expect(timeLeftText(0.97)).toBe('about 1 s left');
    expect(timeLeftText(1.2)).toBe('about 1 s left');
    expect(timeLeftText(6.4)).toBe('about 6 s left');
    expect(timeLeftText(9.6)).toBe('about 10 s left');
    expect(timeLeftText(37)).toBe('about 35 s left');
    expect(timeLeftText(88)).toBe('about 90 s left');
    expect(timeLeftText(130)).toBe('about 2 min left');
    expect(timeLeftText(14 * 60 + 10)).toBe('about 14 min left');
    expect(timeLeftText(80 * 60)).toBe('about 80 min left');
    expect(timeLeftText(100 * 60)).toBe('about 1 h 40 min left');
    expect(timeLeftText(Number.NaN)).toBe('');
    expect(timeLeftText(-1)).toBe('');
  });

  it("names the teacher's source when it did not train in this run", () => {
    expect(teacherSourceWord({ kind: 'shipped', name: 'paper-mnist', seed: 1, command: 'npm run teachers' })).toBe('shipped');
    expect(teacherSourceWord({ kind: 'stored', savedAt: 0 })).toBe('stored');
    expect(teacherSourceWord({ kind: 'reused' })).toBe('reused');
    expect(teacherSourceWord({ kind: 'trained' })).toBeNull();
    expect(teacherSourceWord(null)).toBeNull();
  });

  it('writes the label: phase, source, epochs, time left; done at the end', () => {
    const shipped = { kind: 'shipped', name: 'paper-mnist', seed: 1, command: 'npm run teachers' } as const;
    const base = { phase: 'students', epoch: 12, totalEpochs: 40, teacherOrigin: shipped, state: 'training', secondsLeft: 6.2, doneSeconds: null } as const;
    expect(progressLabel(base)).toBe('Teacher: shipped · Students: epoch 12 of 40 · about 6 s left');
    expect(progressLabel({ ...base, teacherOrigin: { kind: 'trained' } })).toBe('Students: epoch 12 of 40 · about 6 s left');
    expect(progressLabel({ ...base, phase: 'teacher', epoch: 3, totalEpochs: 30, teacherOrigin: null, secondsLeft: 200 })).toBe('Teacher: epoch 3 of 30 · about 3 min left');
    expect(progressLabel({ ...base, secondsLeft: null })).toBe('Teacher: shipped · Students: epoch 12 of 40');
    expect(progressLabel({ ...base, secondsLeft: 0.3 })).toBe('Teacher: shipped · Students: epoch 12 of 40 · finishing');
    expect(progressLabel({ ...base, state: 'paused' })).toBe('Teacher: shipped · Students: epoch 12 of 40 · paused · about 6 s left');
    expect(progressLabel({ ...base, state: 'stopped' })).toBe('Teacher: shipped · Students: epoch 12 of 40');
    expect(progressLabel({ ...base, epoch: 40, state: 'done', secondsLeft: 0, doneSeconds: 17.24 })).toBe('Teacher: shipped · Students: epoch 40 of 40 · done in 17.2 s');
  });
});
