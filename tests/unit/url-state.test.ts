import { describe, expect, it } from 'vitest';
import { defaultUrlState, parseUrlState, serializeUrlState } from '../../src/core/url-state';
import { findPreset } from '../../src/core/presets';

describe('URL state', () => {
  it('round-trips every setting, the display T and the selected example', () => {
    const state = defaultUrlState();
    state.preset = 'omitted-class';
    state.settings = { ...findPreset('omitted-class')!.settings, dataset: 'digits-28', seed: 7, temperature: 12.5, alpha: 0.75, omittedClass: 5, studentLayers: '64-64' };
    state.displayTemperature = 4.5;
    state.selectedIndex = 41;
    state.lecture = true;
    const link = serializeUrlState(state);
    expect(link).toContain('preset=omitted-class');
    expect(parseUrlState(link)).toEqual({ state, ignored: [] });
  });

  it('writes only what differs from the preset, plus the seed', () => {
    expect(serializeUrlState(defaultUrlState())).toBe('?preset=low-data&seed=1');
  });

  it('falls back value by value and lists what it ignored, keeping the rest of the link', () => {
    const { state, ignored } = parseUrlState('?preset=low-data&seed=3&T=-1&alpha=banana&fraction=0&displayT=99&point=-4&omit=8&student=x-y&view=cinema&foo=1');
    expect(state.settings.seed).toBe(3);
    const defaults = findPreset('low-data')!.settings;
    expect(state.settings.temperature).toBe(defaults.temperature);
    expect(state.settings.alpha).toBe(defaults.alpha);
    expect(state.settings.studentFraction).toBe(defaults.studentFraction);
    expect(state.settings.omittedClass).toBe(-1);
    expect(state.displayTemperature).toBe(1);
    expect(state.selectedIndex).toBe(0);
    expect(state.lecture).toBe(false);
    expect(ignored.map((i) => i.split(' ')[0])).toEqual(['T=-1', 'alpha=banana', 'fraction=0', 'student=x-y', 'omit=8', 'displayT=99', 'point=-4', 'view=cinema', 'foo']);
  });

  it('ignores an unknown preset and uses the default', () => {
    const { state, ignored } = parseUrlState('preset=quantum&T=2');
    expect(state.preset).toBe('low-data');
    expect(state.settings.temperature).toBe(2);
    expect(ignored[0]).toMatch(/preset “quantum” \(unknown/);
  });
});
