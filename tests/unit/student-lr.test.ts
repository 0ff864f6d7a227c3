import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExperimentArgs, USAGE } from '../../src/cli/args';
import { cosineFactor, studentBaseRate, studentLearningRate, teacherLearningRate } from '../../src/core/lr-schedule';
import { PRESETS } from '../../src/core/presets';
import { chanceWarning, divergenceAdvice } from '../../src/core/run-advice';
import { DEFAULT_SETTINGS, NUMERIC_FIELDS, validateSettings } from '../../src/core/settings';
import { findShippedTeacher, parseTeacherManifest } from '../../src/core/teacher-manifest';
import { ENGINE_VERSION, runTeacherSettings, teacherKey } from '../../src/core/teacher-origin';
import { parseUrlState, serializeUrlState } from '../../src/core/url-state';

const manifest = parseTeacherManifest(JSON.parse(readFileSync(new URL('../../datasets/teachers/manifest.json', import.meta.url), 'utf8')));

describe('the students’ own learning rate', () => {
  it('is the students’ rate where set, the shared learningRate where 0; the teacher’s is always learningRate', () => {
    const s = { learningRate: 0.002, teacherEpochs: 30, studentEpochs: 14, teacherAnneal: 0, studentAnneal: 0, studentLearningRate: 0 };
    expect(studentBaseRate(s)).toBe(0.002);
    for (const e of [0, 7, 13]) expect(studentLearningRate(s, e)).toBe(0.002);
    const own = { ...s, studentLearningRate: 0.004 };
    expect(studentBaseRate(own)).toBe(0.004);
    for (const e of [0, 7, 13]) expect(studentLearningRate(own, e)).toBe(0.004);
    for (const e of [0, 29]) expect(teacherLearningRate(own, e)).toBe(0.002);
  });

  it('is what the students’ anneal starts from', () => {
    const annealed = { learningRate: 0.002, studentEpochs: 14, studentAnneal: 1, studentLearningRate: 0.01 };
    expect(studentLearningRate(annealed, 0)).toBe(0.01);
    expect(studentLearningRate(annealed, 7)).toBeCloseTo(0.005, 15);
    expect(studentLearningRate(annealed, 13)).toBe(0.01 * cosineFactor(13, 14));
    // With the teacher annealed too, each follows its own rate.
    const both = { ...annealed, teacherEpochs: 30, teacherAnneal: 1 };
    expect(teacherLearningRate(both, 29)).toBe(0.002 * cosineFactor(29, 30));
  });
});

describe('the studentLearningRate setting', () => {
  it('is one setting of the schema: 0 (the default) or a rate in the learning rate’s range; three digit presets set it', () => {
    expect(DEFAULT_SETTINGS.studentLearningRate).toBe(0);
    const own: Record<string, number> = { 'paper-mnist': 0.004, 'omitted-class': 0.01, sweep: 0.01 };
    for (const preset of PRESETS) expect([preset.name, preset.settings.studentLearningRate]).toEqual([preset.name, own[preset.name] ?? 0]);
    expect(NUMERIC_FIELDS.studentLearningRate).toMatchObject({ min: 0, max: NUMERIC_FIELDS.learningRate.max, minInclusive: true, integer: false });
    for (const rate of [0, 0.0005, 0.004, 1]) expect(validateSettings({ ...DEFAULT_SETTINGS, studentLearningRate: rate })).toEqual({});
    expect(validateSettings({ ...DEFAULT_SETTINGS, studentLearningRate: 1.5 }).studentLearningRate).toMatch(/≤ 1/);
    expect(validateSettings({ ...DEFAULT_SETTINGS, studentLearningRate: -0.001 }).studentLearningRate).toMatch(/0 ≤/);
    expect(validateSettings({ ...DEFAULT_SETTINGS, studentLearningRate: Number.NaN }).studentLearningRate).toBeDefined();
  });

  it('travels in links as studentLr=, written only when it differs from the preset', () => {
    const { state, ignored } = parseUrlState('?preset=three-percent&studentLr=0.004');
    expect([state.settings.studentLearningRate, state.settings.learningRate, ignored]).toEqual([0.004, 0.002, []]);
    expect(serializeUrlState(state)).toContain('studentLr=0.004');
    expect(parseUrlState(serializeUrlState(state)).state.settings).toEqual(state.settings);
    expect(serializeUrlState(parseUrlState('?preset=three-percent').state)).not.toContain('studentLr=');
    expect(serializeUrlState(parseUrlState('?preset=paper-mnist').state)).not.toContain('studentLr=');
    // lr= is the teacher's (and the students' where studentLr is 0); studentLr= the students' alone.
    const shared = parseUrlState('?preset=three-percent&lr=0.003').state.settings;
    expect([shared.learningRate, shared.studentLearningRate]).toEqual([0.003, 0]);
    const both = parseUrlState('?preset=three-percent&studentLr=0.01&studentAnneal=1').state;
    expect([both.settings.studentLearningRate, both.settings.studentAnneal]).toEqual([0.01, 1]);
    expect(parseUrlState(serializeUrlState(both)).state.settings).toEqual(both.settings);
    const bad = parseUrlState('?preset=three-percent&studentLr=2');
    expect(bad.state.settings.studentLearningRate).toBe(0);
    expect(bad.ignored[0]).toMatch(/^studentLr=2/);
  });

  it('is --student-lr on the command line, in --help', () => {
    expect(parseExperimentArgs(['--preset', 'paper-mnist', '--student-lr', '0.004'])).toMatchObject({ ok: true, options: { overrides: { studentLearningRate: 0.004 } } });
    expect(parseExperimentArgs(['--student-lr', '0.01', '--student-anneal', '1', '--lr', '0.002'])).toMatchObject({ ok: true, options: { overrides: { studentLearningRate: 0.01, studentAnneal: 1, learningRate: 0.002 } } });
    expect(parseExperimentArgs(['--student-lr', '0'])).toMatchObject({ ok: true, options: { overrides: { studentLearningRate: 0 } } });
    expect(parseExperimentArgs(['--student-lr', '-1'])).toMatchObject({ ok: false });
    expect(parseExperimentArgs(['--student-lr', 'fast'])).toMatchObject({ ok: false });
    expect(parseExperimentArgs(['--student-lr'])).toMatchObject({ ok: false });
    expect(USAGE).toContain('--student-lr X');
  });

  it('leaves the teacher’s key alone: the same (shipped) teacher serves every students’ rate', () => {
    expect(teacherKey({ ...DEFAULT_SETTINGS, studentLearningRate: 0.004 })).toBe(teacherKey(DEFAULT_SETTINGS));
    for (const preset of PRESETS) {
      const own = { ...preset.settings, studentLearningRate: 0.004, studentAnneal: 1 };
      expect(runTeacherSettings(own).map(teacherKey)).toEqual(runTeacherSettings(preset.settings).map(teacherKey));
      expect(findShippedTeacher(manifest, own, ENGINE_VERSION)).toBe(findShippedTeacher(manifest, preset.settings, ENGINE_VERSION));
    }
    expect(findShippedTeacher(manifest, { ...PRESETS.find((p) => p.name === 'paper-mnist')!.settings, studentLearningRate: 0.004 }, ENGINE_VERSION)).toBeDefined();
    // The shared rate still is the teacher's.
    expect(teacherKey({ ...DEFAULT_SETTINGS, learningRate: 0.004 })).not.toBe(teacherKey(DEFAULT_SETTINGS));
  });

  it('is named in the advice for a student that diverged or finished at chance', () => {
    const own = { temperature: 4, learningRate: 0.002, studentLearningRate: 0.5 };
    expect(divergenceAdvice('soft student', own)).toMatch(/^Lower the students’ learning rate \(now 0\.5;/);
    expect(divergenceAdvice('teacher', own)).toMatch(/^Lower the learning rate \(now 0\.002;/);
    expect(divergenceAdvice('hard student', { ...own, studentLearningRate: 0 })).toMatch(/^Lower the learning rate \(now 0\.002;/);
    const warning = chanceWarning([{ name: 'soft student', testAcc: 0.1 }], 10, own);
    expect(warning).toMatch(/The students’ learning rate 0\.5 is likely too high/);
    expect(warning).not.toMatch(/teacher’s/);
  });
});
