import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExperimentArgs } from '../../src/cli/args';
import { cosineFactor, teacherLearningRate } from '../../src/core/lr-schedule';
import { findPreset } from '../../src/core/presets';
import { DEFAULT_SETTINGS, validateSettings } from '../../src/core/settings';
import { findShippedTeacher, parseTeacherManifest } from '../../src/core/teacher-manifest';
import { ENGINE_VERSION, teacherDefinition, teacherKey, teacherKeyWithoutSeed, withTeacherDefinition } from '../../src/core/teacher-origin';
import { shippedTeacherPlan } from '../../src/core/teacher-plan';
import { parseUrlState, serializeUrlState } from '../../src/core/url-state';

const manifest = parseTeacherManifest(JSON.parse(readFileSync(new URL('../../datasets/teachers/manifest.json', import.meta.url), 'utf8')));

describe('the teacher’s cosine learning-rate schedule', () => {
  it('starts at the full rate, halves at mid-course and ends near 0', () => {
    expect(cosineFactor(0, 80)).toBe(1);
    expect(cosineFactor(40, 80)).toBeCloseTo(0.5, 12);
    expect(cosineFactor(79, 80)).toBeCloseTo(0.5 * (1 - Math.cos(Math.PI / 80)), 12);
    expect(cosineFactor(79, 80)).toBeLessThan(0.0004);
    expect(cosineFactor(0, 1)).toBe(1);
    const factors = Array.from({ length: 80 }, (_, e) => cosineFactor(e, 80));
    factors.slice(1).forEach((f, e) => expect(f).toBeLessThan(factors[e]!));
    expect(() => cosineFactor(80, 80)).toThrow(RangeError);
    expect(() => cosineFactor(-1, 80)).toThrow(RangeError);
  });

  it('applies only when the teacher is annealed, scaling its learning rate', () => {
    const s = { learningRate: 0.001, teacherEpochs: 80, teacherAnneal: 0 };
    for (const e of [0, 40, 79]) expect(teacherLearningRate(s, e)).toBe(0.001);
    const annealed = { ...s, teacherAnneal: 1 };
    expect(teacherLearningRate(annealed, 0)).toBe(0.001);
    expect(teacherLearningRate(annealed, 40)).toBeCloseTo(0.0005, 15);
    expect(teacherLearningRate(annealed, 79)).toBeCloseTo(0.001 * cosineFactor(79, 80), 18);
  });

  it('is one setting of the schema: 0 or 1, in links as anneal= and on the command line as --anneal', () => {
    expect(DEFAULT_SETTINGS.teacherAnneal).toBe(0);
    expect(validateSettings({ ...DEFAULT_SETTINGS, teacherAnneal: 1 })).toEqual({});
    expect(validateSettings({ ...DEFAULT_SETTINGS, teacherAnneal: 0.5 }).teacherAnneal).toMatch(/whole number/);
    expect(validateSettings({ ...DEFAULT_SETTINGS, teacherAnneal: 2 }).teacherAnneal).toMatch(/≤ 1/);
    // three-percent keeps a constant-rate teacher; paper-mnist's is annealed: a link writes anneal= only against them.
    const { state, ignored } = parseUrlState('?preset=three-percent&anneal=1');
    expect([state.settings.teacherAnneal, ignored]).toEqual([1, []]);
    expect(serializeUrlState(state)).toContain('anneal=1');
    expect(serializeUrlState(parseUrlState('?preset=three-percent').state)).not.toContain('anneal=');
    expect(serializeUrlState(parseUrlState('?preset=paper-mnist').state)).not.toContain('anneal=');
    const constant = parseUrlState('?preset=paper-mnist&anneal=0');
    expect([constant.state.settings.teacherAnneal, constant.ignored]).toEqual([0, []]);
    expect(serializeUrlState(constant.state)).toContain('anneal=0');
    for (const [preset, fallback] of [['three-percent', 0], ['paper-mnist', 1]] as const) {
      const bad = parseUrlState(`?preset=${preset}&anneal=3`);
      expect(bad.state.settings.teacherAnneal).toBe(fallback);
      expect(bad.ignored[0]).toMatch(/^anneal=3/);
    }
    expect(parseExperimentArgs(['--preset', 'paper-mnist', '--anneal', '1'])).toMatchObject({ ok: true, options: { overrides: { teacherAnneal: 1 } } });
    expect(parseExperimentArgs(['--anneal', 'yes'])).toMatchObject({ ok: false });
  });
});

describe('the annealed teacher’s key', () => {
  it('leaves every constant-rate teacher’s key byte for byte as it was written before the anneal existed', () => {
    // The key of the default settings, as every earlier version wrote it (browser storage keys on it).
    expect(teacherKey(DEFAULT_SETTINGS)).toBe('{"dataset":"animals-vehicles","seed":1,"teacherLayers":"64-64","teacherEpochs":30,"learningRate":0.01,"teacherBatchSize":64,"teacherDropout":0,"teacherJitter":0}');
    for (const entry of manifest.teachers) {
      const settings = withTeacherDefinition(DEFAULT_SETTINGS, entry.definition);
      expect(teacherDefinition(settings)).toEqual(entry.definition);
      expect(teacherKey(settings)).toBe(JSON.stringify(entry.definition));
      expect(findShippedTeacher(manifest, settings, ENGINE_VERSION)).toBe(entry);
    }
  });

  it('makes an annealed teacher another teacher: its key says so, and no constant-rate teacher serves it', () => {
    const threePercent = findPreset('three-percent')!.settings;
    expect(threePercent.teacherAnneal).toBe(0);
    const annealed = { ...threePercent, teacherAnneal: 1 };
    expect(JSON.parse(teacherKey(annealed))).toMatchObject({ teacherAnneal: 1 });
    expect(teacherKeyWithoutSeed(annealed)).not.toBe(teacherKeyWithoutSeed(threePercent));
    expect(findShippedTeacher(manifest, threePercent, ENGINE_VERSION)?.name).toBe('digits-14-256-256-e20');
    expect(findShippedTeacher(manifest, annealed, ENGINE_VERSION)).toBeUndefined();
    // A definition without the anneal puts back a constant rate.
    expect(withTeacherDefinition(annealed, teacherDefinition(threePercent)).teacherAnneal).toBe(0);
    // And the other way: the paper's annealed lecture teacher is not its constant-rate twin (the fidelity preset's).
    const mnist = findPreset('paper-mnist')!.settings;
    expect(findShippedTeacher(manifest, mnist, ENGINE_VERSION)?.name).toBe('digits-14-256-256-e30-cos');
    expect(findShippedTeacher(manifest, { ...mnist, teacherAnneal: 0 }, ENGINE_VERSION)?.name).toBe('digits-14-256-256-e30');
  });

  it('ships the full-scale teacher annealed over 80 epochs, and the lecture teacher of the paper’s experiments over 30, named for it', () => {
    const full = findPreset('paper-full')!.settings;
    expect([full.teacherEpochs, full.teacherAnneal, full.learningRate]).toEqual([80, 1, 0.001]);
    const plan = shippedTeacherPlan().find((p) => p.presets.includes('paper-full'))!;
    expect(plan.name).toBe('digits-28-1200-1200-e80-cos');
    const annealed = shippedTeacherPlan().filter((p) => p.settings.teacherAnneal > 0);
    expect(annealed.map((p) => [p.name, p.presets])).toEqual([
      ['digits-14-256-256-e30-cos', ['paper-mnist', 'sevens-eights', 'sweep', 'dark-matrix']],
      // The omitted class's teacher differs only in its dropout (the paper's 0.5): named by it, the others' names kept.
      ['digits-14-256-256-e30-cos-d50', ['omitted-class']],
      ['digits-28-1200-1200-e80-cos', ['paper-full', 'omitted-full']],
    ]);
    expect(teacherKeyWithoutSeed(annealed[1]!.settings)).toBe(teacherKeyWithoutSeed({ ...annealed[0]!.settings, teacherDropout: 0.5 }));
    // The full-scale omitted-class run is the full-scale run with the 3s left out, nothing else changed.
    expect(findPreset('omitted-full')!.settings).toEqual({ ...full, omittedClass: 3 });
    const lecture = annealed[0]!.settings;
    expect([lecture.teacherLayers, lecture.teacherEpochs, lecture.learningRate, lecture.teacherDropout, lecture.teacherJitter]).toEqual(['256-256', 30, 0.002, 0.2, 1]);
  });
});
