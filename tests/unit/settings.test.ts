import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseNumericField, validateSettings, layersOf, parseLayers } from '../../src/core/settings';
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
    ['temperature', '0', /Training T must satisfy 0 </],
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

  it('offer a student as small as 2 → 4 → 6', () => {
    expect(findPreset('tiny-student')!.settings.studentLayers).toBe('4');
  });
});
