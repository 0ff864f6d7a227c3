import { describe, expect, it } from 'vitest';
import { parseExperimentArgs, USAGE } from '../../src/cli/args';
import { cosineFactor, studentLearningRate, teacherLearningRate } from '../../src/core/lr-schedule';
import { PRESETS } from '../../src/core/presets';
import { DEFAULT_SETTINGS, NUMERIC_FIELDS, validateSettings } from '../../src/core/settings';
import { teacherKey } from '../../src/core/teacher-origin';
import { parseUrlState, serializeUrlState } from '../../src/core/url-state';

describe('the students’ cosine learning-rate schedule', () => {
  it('applies only when the students are annealed, over their own epochs', () => {
    const s = { learningRate: 0.002, studentEpochs: 14, studentAnneal: 0 };
    for (const e of [0, 7, 13]) expect(studentLearningRate(s, e)).toBe(0.002);
    const annealed = { ...s, studentAnneal: 1 };
    expect(studentLearningRate(annealed, 0)).toBe(0.002);
    expect(studentLearningRate(annealed, 7)).toBeCloseTo(0.001, 15);
    expect(studentLearningRate(annealed, 13)).toBe(0.002 * cosineFactor(13, 14));
    expect(studentLearningRate(annealed, 13)).toBeLessThan(0.002 * 0.013);
    expect(() => studentLearningRate(annealed, 14)).toThrow(RangeError);
  });

  it('is independent of the teacher’s: each setting schedules only its own models', () => {
    const both = { learningRate: 0.002, teacherEpochs: 30, studentEpochs: 14 };
    const studentsOnly = { ...both, teacherAnneal: 0, studentAnneal: 1 };
    const teacherOnly = { ...both, teacherAnneal: 1, studentAnneal: 0 };
    expect([teacherLearningRate(studentsOnly, 29), studentLearningRate(studentsOnly, 13)]).toEqual([0.002, 0.002 * cosineFactor(13, 14)]);
    expect([teacherLearningRate(teacherOnly, 29), studentLearningRate(teacherOnly, 13)]).toEqual([0.002 * cosineFactor(29, 30), 0.002]);
  });
});

describe('the studentAnneal setting', () => {
  it('is one setting of the schema: 0 (the default) or 1; the omitted-class and sweep presets anneal, no other', () => {
    expect(DEFAULT_SETTINGS.studentAnneal).toBe(0);
    for (const preset of PRESETS) expect([preset.name, preset.settings.studentAnneal]).toEqual([preset.name, ['omitted-class', 'sweep'].includes(preset.name) ? 1 : 0]);
    expect(NUMERIC_FIELDS.studentAnneal).toMatchObject({ min: 0, max: 1, integer: true });
    expect(validateSettings({ ...DEFAULT_SETTINGS, studentAnneal: 1 })).toEqual({});
    expect(validateSettings({ ...DEFAULT_SETTINGS, studentAnneal: 0.5 }).studentAnneal).toMatch(/whole number/);
    expect(validateSettings({ ...DEFAULT_SETTINGS, studentAnneal: 2 }).studentAnneal).toMatch(/≤ 1/);
    expect(validateSettings({ ...DEFAULT_SETTINGS, studentAnneal: -1 }).studentAnneal).toMatch(/0 ≤/);
  });

  it('travels in links as studentAnneal=, written only when it differs from the preset', () => {
    const { state, ignored } = parseUrlState('?preset=paper-mnist&studentAnneal=1');
    expect([state.settings.studentAnneal, state.settings.teacherAnneal, ignored]).toEqual([1, 1, []]);
    expect(serializeUrlState(state)).toContain('studentAnneal=1');
    expect(parseUrlState(serializeUrlState(state)).state.settings).toEqual(state.settings);
    expect(serializeUrlState(parseUrlState('?preset=paper-mnist').state)).not.toContain('studentAnneal=');
    // The teacher's anneal= and the students' are separate keys.
    const teacherOnly = parseUrlState('?preset=three-percent&anneal=1').state.settings;
    expect([teacherOnly.teacherAnneal, teacherOnly.studentAnneal]).toEqual([1, 0]);
    const constantTeacher = parseUrlState('?preset=sweep&anneal=0').state.settings;
    expect([constantTeacher.teacherAnneal, constantTeacher.studentAnneal]).toEqual([0, 1]);
    const bad = parseUrlState('?preset=low-data&studentAnneal=0.5');
    expect(bad.state.settings.studentAnneal).toBe(0);
    expect(bad.ignored[0]).toMatch(/^studentAnneal=0\.5/);
  });

  it('is --student-anneal on the command line', () => {
    expect(parseExperimentArgs(['--preset', 'sweep', '--student-anneal', '1'])).toMatchObject({ ok: true, options: { overrides: { studentAnneal: 1 } } });
    expect(parseExperimentArgs(['--student-anneal', '1', '--anneal', '0'])).toMatchObject({ ok: true, options: { overrides: { studentAnneal: 1, teacherAnneal: 0 } } });
    expect(parseExperimentArgs(['--student-anneal', '2'])).toMatchObject({ ok: false });
    expect(parseExperimentArgs(['--student-anneal'])).toMatchObject({ ok: false });
    expect(USAGE).toContain('--student-anneal 0|1');
  });

  it('leaves the teacher’s key alone: an annealed student reuses the same teacher', () => {
    expect(teacherKey({ ...DEFAULT_SETTINGS, studentAnneal: 1 })).toBe(teacherKey(DEFAULT_SETTINGS));
  });
});
