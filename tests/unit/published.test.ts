import { describe, expect, it } from 'vitest';
import { PUBLISHED, comparisonRows, figureForRun, figureSource, gapRecovered } from '../../src/core/published';
import { findPreset } from '../../src/core/presets';
import { PRESETS } from '../../src/core/presets';

describe('published figures, one per experiment', () => {
  it('the MNIST rows: error counts of 10,000 and the share of the gap recovered (paper: 91%)', () => {
    const rows = comparisonRows(PUBLISHED.mnist, { testCount: 10_000, teacherTestAcc: 0.9861, hard: { trainAcc: 1, testAcc: 0.9629 }, soft: { trainAcc: 1, testAcc: 0.9677 } });
    expect(rows.map((r) => [r.id, r.here, r.paper])).toEqual([
      ['errors-teacher', '139', '67'],
      ['errors-hard', '371', '146'],
      ['errors-soft', '323', '74'],
      ['recovered', '21%', '91%'],
    ]);
    expect(gapRecovered(67, 146, 74)).toBeCloseTo(72 / 79, 12);
    expect(gapRecovered(100, 100, 90)).toBeNull();
  });

  it('the omitted-class rows: the 3s right before and after the shift (paper: 86.8% → 98.6%)', () => {
    const rows = comparisonRows(PUBLISHED.omittedThrees, { testCount: 10_000, shift: { shift: 2.1, classAcc: 0.5, classAccShifted: 0.869, overall: 0.9, overallShifted: 0.95, classCount: 1010 } });
    expect(rows.find((r) => r.id === 'class-before')).toMatchObject({ here: '50.0%', paper: '86.8%' });
    expect(rows.find((r) => r.id === 'class-after')).toMatchObject({ here: '86.9%', paper: '98.6%' });
    expect(rows.find((r) => r.id === 'shift')).toMatchObject({ here: '+2.10', paper: '+3.50' });
  });

  it('the 7s-and-8s rows: test error before and after lowering their biases (paper: 47.3% → 13.2%)', () => {
    const rows = comparisonRows(PUBLISHED.sevensEights, { testCount: 10_000, shift: { shift: -5, classAcc: 0, classAccShifted: 0, overall: 0.703, overallShifted: 0.834, classCount: 0 } });
    expect(rows.map((r) => [r.here, r.paper])).toEqual([['29.7%', '47.3%'], ['16.6%', '13.2%'], ['−5.00', '−7.60']]);
  });

  it('the 3% rows: train–test gaps (paper, speech: 22.8 vs 8.4 points)', () => {
    const rows = comparisonRows(PUBLISHED.speechThreePercent, { testCount: 10_000, hard: { trainAcc: 1, testAcc: 0.931 }, soft: { trainAcc: 0.98, testAcc: 0.953 } });
    expect(rows.find((r) => r.id === 'hard-gap')).toMatchObject({ here: '6.9 points', paper: '22.8 points' });
    expect(rows.find((r) => r.id === 'soft-gap')).toMatchObject({ here: '2.7 points', paper: '8.4 points' });
    expect(figureSource(PUBLISHED.speechThreePercent)).toMatch(/speech/);
  });

  it('shows dashes, not zeros, while a run has no numbers yet', () => {
    for (const figure of Object.values(PUBLISHED)) for (const row of comparisonRows(figure, { testCount: 10_000 })) expect(row.here).toBeNull();
  });

  it('each preset compares with its own experiment, or with none', () => {
    const byPreset = Object.fromEntries(PRESETS.map((p) => [p.name, 'published' in p ? p.published : undefined]));
    expect(byPreset).toMatchObject({ 'paper-mnist': 'mnist', 'paper-full': 'mnist', 'omitted-class': 'omittedThrees', 'omitted-full': 'omittedThrees', 'sevens-eights': 'sevensEights', 'three-percent': 'speechThreePercent' });
    expect(byPreset['sweep']).toBeUndefined();
    expect(byPreset['dark-matrix']).toBeUndefined();
    expect(byPreset['low-data']).toBeUndefined();
  });

  it('a run compares only while it still is the experiment', () => {
    const omitted = findPreset('omitted-class')!.settings;
    expect(figureForRun('omitted-class', omitted)).toBe(PUBLISHED.omittedThrees);
    expect(figureForRun('omitted-class', { ...omitted, omittedClass: 5 })).toBeNull();
    expect(figureForRun('sevens-eights', { ...findPreset('sevens-eights')!.settings, keptClasses: '1,7' })).toBeNull();
    expect(figureForRun('paper-mnist', null)).toBeNull();
    expect(figureForRun('sweep', findPreset('sweep')!.settings)).toBeNull();
  });
});
