import { describe, expect, it } from 'vitest';
import { defaultUrlState, parseUrlState, serializeUrlState } from '../../src/core/url-state';
import { findPreset } from '../../src/core/presets';
import { LECTURE_STEPS } from '../../src/core/lecture-steps';

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
    expect(state.displayTemperature).toBe(findPreset('low-data')!.displayTemperature);
    expect(state.selectedIndex).toBe(0);
    expect(state.lecture).toBe(false);
    expect(ignored.map((i) => i.split(' ')[0])).toEqual(['T=-1', 'alpha=banana', 'fraction=0', 'student=x-y', 'omit=8', 'displayT=99', 'point=-4', 'view=cinema', 'foo']);
  });

  it('opens each preset at its own display temperature, written in the link only when it differs', () => {
    const dark = parseUrlState('?preset=dark-matrix').state;
    expect(dark.displayTemperature).toBe(findPreset('dark-matrix')!.displayTemperature);
    expect(dark.displayTemperature).toBeGreaterThan(1);
    expect(serializeUrlState(dark)).not.toContain('displayT');
    dark.displayTemperature = 1;
    expect(serializeUrlState(dark)).toContain('displayT=1');
    expect(parseUrlState(serializeUrlState(dark)).state.displayTemperature).toBe(1);
  });

  it('opens a guided-lecture step: its preset and display temperature, the link carrying the step', () => {
    const { state, ignored } = parseUrlState('?step=4');
    expect(ignored).toEqual([]);
    expect(state.step).toBe(4);
    expect(state.preset).toBe(LECTURE_STEPS[3]!.preset);
    expect(state.displayTemperature).toBe(LECTURE_STEPS[3]!.displayTemperature);
    expect(serializeUrlState(state)).toMatch(/step=4/);
    expect(parseUrlState(serializeUrlState(state))).toEqual({ state, ignored: [] });
    // A step on the same preset as another keeps its own display temperature (steps 2 and 3 share low-data).
    const three = parseUrlState(serializeUrlState(parseUrlState('?step=3').state)).state;
    expect(three.displayTemperature).toBe(LECTURE_STEPS[2]!.displayTemperature);
    for (const bad of ['0', '99', 'two', '', '2.5']) {
      const parsed = parseUrlState(`?step=${bad}`);
      expect(parsed.state.step).toBeNull();
      expect(parsed.ignored[0]).toMatch(/^step=.* \(the guided lecture has steps 1 to \d+\)/);
    }
  });

  it('carries the kept classes: only when they differ from the preset’s, empty for every class', () => {
    const state = defaultUrlState();
    state.preset = 'sevens-eights';
    state.settings = { ...findPreset('sevens-eights')!.settings };
    expect(serializeUrlState(state)).not.toContain('keep');
    state.settings.keptClasses = '1,7';
    expect(serializeUrlState(state)).toContain('keep=1%2C7');
    expect(parseUrlState(serializeUrlState(state))).toEqual({ state, ignored: [] });
    state.settings.keptClasses = '';
    expect(parseUrlState(serializeUrlState(state))).toEqual({ state, ignored: [] });
    expect(parseUrlState('?preset=paper-mnist&keep=8,7,7').state.settings.keptClasses).toBe('7,8');
  });

  it.each([
    ['?preset=paper-mnist&keep=7;8', '', /keep=7;8 \(Kept classes must be class numbers/],
    ['?preset=low-data&keep=4,7', '', /keep=4,7 \(Kept classes must be classes of Animals & vehicles/],
    ['?preset=sevens-eights&keep=x', '7,8', /keep=x/],
    ['?preset=omitted-class&keep=7,8', '', /keep=7,8 \(Kept classes \(7,8\) and an omitted class \(3\) cannot be combined/],
    ['?preset=sevens-eights&dataset=spirals', '', /the preset's kept classes 7,8 \(Kept classes must be classes of Nested spirals/],
  ])('falls back from a bad or clashing keep: %s', (link, kept, message) => {
    const { state, ignored } = parseUrlState(link);
    expect(state.settings.keptClasses).toBe(kept);
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatch(message);
  });

  it('drops the link’s omit when it clashes with the preset’s kept classes', () => {
    const { state, ignored } = parseUrlState('?preset=sevens-eights&omit=3');
    expect(state.settings.keptClasses).toBe('7,8');
    expect(state.settings.omittedClass).toBe(-1);
    expect(ignored[0]).toMatch(/^omit=3 \(Kept classes \(7,8\) and an omitted class \(3\)/);
  });

  it('ignores an unknown preset and uses the default', () => {
    const { state, ignored } = parseUrlState('preset=quantum&T=2');
    expect(state.preset).toBe('low-data');
    expect(state.settings.temperature).toBe(2);
    expect(ignored[0]).toMatch(/preset “quantum” \(unknown/);
  });

  it('falls back from student sizes beyond the memory limit, naming the estimate and the limit', () => {
    const { state, ignored } = parseUrlState('?preset=low-data&student=4096-4096-4096-4096&dataset=digits-28');
    expect(state.settings.studentLayers).toBe(findPreset('low-data')!.settings.studentLayers);
    expect(state.settings.dataset).toBe('digits-28');
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatch(/^student=4096-4096-4096-4096 \(Students 4096-4096-4096-4096 on 28×28 digits need about 3\.\d+ GB of tensors; the limit here is 2 GB/);
    // Large sizes that fit are kept, and so is a one-unit student.
    expect(parseUrlState('?student=4096-4096')).toMatchObject({ state: { settings: { studentLayers: '4096-4096' } }, ignored: [] });
    expect(parseUrlState('?student=1')).toMatchObject({ state: { settings: { studentLayers: '1' } }, ignored: [] });
  });

  it('quotes at most 60 characters of a long value or key', () => {
    const { state, ignored } = parseUrlState(`?preset=${'x'.repeat(10_000)}&${'k'.repeat(500)}=1&T=2`);
    expect(state.preset).toBe('low-data');
    expect(state.settings.temperature).toBe(2);
    expect(ignored).toHaveLength(2);
    expect(ignored[0]).toBe(`preset=${'x'.repeat(59)}… (too long to be a value)`);
    expect(ignored[1]).toBe(`${'k'.repeat(59)}… (not a setting)`);
    for (const item of ignored) expect(item.length).toBeLessThan(120);
  });

  it('names keys given more than once and the values dropped, and uses the first', () => {
    const { state, ignored } = parseUrlState('?T=2&T=3&seed=4&seed=5&seed=');
    expect(state.settings.temperature).toBe(2);
    expect(state.settings.seed).toBe(4);
    expect(ignored).toEqual(['T given twice; used the first, 2, not 3', 'seed given 3 times; used the first, 4, not 5, empty']);
    // An unknown key is named once, however often it comes; an empty key is named as such.
    expect(parseUrlState('?foo=1&foo=2&=3').ignored).toEqual(['foo (not a setting)', 'an empty key (not a setting)']);
  });

  it('reads −0 as 0, layer widths written plainly and the display T on the slider’s steps, so the link reads back the same', () => {
    const { state, ignored } = parseUrlState('?seed=-0&alpha=-0&omit=-0&student=0032-032+&displayT=0.59');
    expect(ignored).toEqual([]);
    for (const value of [state.settings.seed, state.settings.alpha, state.settings.omittedClass]) expect(Object.is(value, 0)).toBe(true);
    expect(state.settings.studentLayers).toBe('32-32');
    expect(state.displayTemperature).toBe(0.6);
    expect(parseUrlState(serializeUrlState(state))).toEqual({ state, ignored: [] });
    // A step opens at its own display T: a displayT equal to the preset's is still written.
    const step = parseUrlState('?step=2&displayT=4').state;
    expect(step.displayTemperature).toBe(4);
    expect(parseUrlState(serializeUrlState(step)).state.displayTemperature).toBe(4);
  });

  it('drops the preset’s omitted class when the link’s dataset lacks it, and quotes a clashing omit as written', () => {
    const { state, ignored } = parseUrlState('?preset=omitted-class&dataset=spirals');
    expect(state.settings.omittedClass).toBe(-1);
    expect(ignored).toEqual([expect.stringMatching(/^the preset's omitted class 3 \(Omitted class must be a class of Nested spirals/)]);
    expect(parseUrlState('?preset=omitted-class&dataset=spirals&omit=5').ignored).toEqual([expect.stringMatching(/^omit=5 \(/), expect.stringMatching(/^the preset's omitted class 3 \(/)]);
    expect(parseUrlState('?omit=3.0&dataset=spirals').ignored).toEqual([expect.stringMatching(/^omit=3\.0 \(Omitted class must be a class of Nested spirals/)]);
  });

  it('honours settings written after # when there is no query, and names a hash beside a query', () => {
    expect(parseUrlState('#T=2')).toMatchObject({ state: { settings: { temperature: 2 } }, ignored: [] });
    expect(parseUrlState('#?T=2&alpha=0.5')).toMatchObject({ state: { settings: { temperature: 2, alpha: 0.5 } }, ignored: [] });
    const both = parseUrlState('?T=3#T=2');
    expect(both.state.settings.temperature).toBe(3);
    expect(both.ignored).toEqual(['#T=2 (settings go after ?, not #)']);
  });
});
