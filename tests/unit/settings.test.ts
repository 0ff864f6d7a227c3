import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseNumericField, validateSettings, layersOf, parseLayers, parseKeptClasses, keptClassList } from '../../src/core/settings';
import { PRESETS, findPreset } from '../../src/core/presets';

describe('numeric settings', () => {
  it('accepts valid values', () => {
    expect(parseNumericField('temperature', '4')).toEqual({ ok: true, value: 4 });
    expect(parseNumericField('alpha', ' 0.5 ')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumericField('alpha', '0')).toEqual({ ok: true, value: 0 });
    expect(parseNumericField('studentFraction', '1')).toEqual({ ok: true, value: 1 });
    expect(parseNumericField('seed', '12')).toEqual({ ok: true, value: 12 });
  });

  it.each([
    ['temperature', '0', /Training T must satisfy 0\.05 ≤/],
    ['temperature', '1e-37', /Training T must satisfy 0\.05 ≤/],
    ['temperature', '-3', /Training T/],
    ['alpha', '1.2', /α .* ≤ 1/],
    ['alpha', '-0.1', /α/],
    ['studentFraction', '0', /fraction/i],
    ['temperature', 'abc', /must be a number/],
    ['temperature', '', /empty/],
    ['seed', '1.5', /whole number/],
    ['learningRate', 'NaN', /must be a number/],
    ['studentEpochs', 'Infinity', /must be a number/],
  ] as const)('refuses %s = “%s” with a message', (field, raw, message) => {
    const result = parseNumericField(field, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('finds every problem in a whole settings object', () => {
    const problems = validateSettings({ ...DEFAULT_SETTINGS, temperature: -1, alpha: 2, studentFraction: 0 });
    expect(Object.keys(problems).sort()).toEqual(['alpha', 'studentFraction', 'temperature']);
  });
});

describe('layer lists', () => {
  it('parses widths and refuses anything else', () => {
    expect(parseLayers('800-800')).toEqual([800, 800]);
    expect(parseLayers('4')).toEqual([4]);
    for (const bad of ['', '0', '32-', 'a-b', '1-2-3-4-5', '99999']) expect(parseLayers(bad)).toBeNull();
  });

  it('refuses an omitted class that the dataset does not have', () => {
    expect(validateSettings({ ...DEFAULT_SETTINGS, omittedClass: 6 }).omittedClass).toMatch(/Omitted class must be a class of Animals & vehicles \(2-D\) \(0–5/);
    expect(validateSettings({ ...DEFAULT_SETTINGS, dataset: 'digits-14', omittedClass: 9 })).toEqual({});
    expect(validateSettings({ ...DEFAULT_SETTINGS, omittedClass: -1 })).toEqual({});
  });
});

describe('kept classes', () => {
  it('reads class lists, written back sorted without repeats; empty keeps every class', () => {
    expect(parseKeptClasses('7,8')).toEqual({ ok: true, value: '7,8' });
    expect(parseKeptClasses(' 8, 7,8 ')).toEqual({ ok: true, value: '7,8' });
    expect(parseKeptClasses('')).toEqual({ ok: true, value: '' });
    expect(parseKeptClasses('3', 'digits-14')).toEqual({ ok: true, value: '3' });
    // Keeping every class is keeping every class.
    expect(parseKeptClasses('5,4,3,2,1,0', 'animals-vehicles')).toEqual({ ok: true, value: '' });
    expect(keptClassList('7,8')).toEqual([7, 8]);
    expect(keptClassList('')).toEqual([]);
  });

  it.each([
    ['7;8', /Kept classes must be class numbers separated by commas, like 7,8 \(empty: every class\); got “7;8”/],
    ['seven', /like 7,8/],
    ['7,', /like 7,8/],
    ['-1', /like 7,8/],
    ['7.5', /like 7,8/],
  ])('refuses “%s” with a message', (raw, message) => {
    const result = parseKeptClasses(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
    expect(() => keptClassList(raw)).toThrow(message);
  });

  it('refuses classes the dataset does not have, and kept classes beside an omitted class', () => {
    expect(validateSettings({ ...DEFAULT_SETTINGS, keptClasses: '4,7' }).keptClasses).toMatch(/Kept classes must be classes of Animals & vehicles \(2-D\) \(0–5\); got 7\./);
    expect(validateSettings({ ...DEFAULT_SETTINGS, dataset: 'digits-14', keptClasses: '7,8' })).toEqual({});
    expect(validateSettings({ ...DEFAULT_SETTINGS, dataset: 'digits-14', keptClasses: '7,8', omittedClass: 3 }).keptClasses).toMatch(/Kept classes \(7,8\) and an omitted class \(3\) cannot be combined/);
    expect(validateSettings({ ...DEFAULT_SETTINGS, dataset: 'digits-14', keptClasses: '8,7' }).keptClasses).toMatch(/sorted, without repeats or spaces \(“7,8”\)/);
    expect(validateSettings({ ...DEFAULT_SETTINGS, keptClasses: '0,1,2,3,4,5' }).keptClasses).toMatch(/empty when every class is kept/);
    expect(validateSettings({ ...DEFAULT_SETTINGS, keptClasses: 'x' }).keptClasses).toMatch(/like 7,8/);
  });
});

describe('presets', () => {
  it('are all valid settings with a one-line description', () => {
    for (const preset of PRESETS) {
      expect(validateSettings(preset.settings)).toEqual({});
      expect(preset.description.length).toBeGreaterThan(20);
      expect(preset.description).not.toContain('\n');
    }
  });

  it('default to the low-data setting that shows the effect', () => {
    const low = findPreset('low-data')!;
    expect(low.settings.studentFraction).toBe(0.02);
    expect(layersOf(low.settings.studentLayers)).toEqual([32, 32]);
    expect(findPreset('nope')).toBeUndefined();
  });

  it('train students on the 7s and 8s alone with the digit presets’ shipped teacher', () => {
    const sevens = findPreset('sevens-eights')!;
    expect(sevens.title).toBe('Only 7s and 8s');
    expect(sevens.settings.keptClasses).toBe('7,8');
    expect(sevens.settings.omittedClass).toBe(-1);
    const digits = findPreset('paper-mnist')!.settings;
    for (const field of ['dataset', 'teacherLayers', 'teacherEpochs', 'learningRate', 'teacherBatchSize', 'teacherDropout', 'teacherJitter'] as const) {
      expect(sevens.settings[field]).toBe(digits[field]);
    }
  });

  it('offer a student as small as 2 → 4 → 6', () => {
    expect(findPreset('tiny-student')!.settings.studentLayers).toBe('4');
  });
});
