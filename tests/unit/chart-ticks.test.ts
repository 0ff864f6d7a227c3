import { describe, expect, it } from 'vitest';
import { decimalsFor, logLabels, logTicksToKeep, percentLabels, plainLabels, plainNumber, tickCallback } from '../../src/components/charts/ticks';

const BAD = /\d,\d{3}\.\d|0\.000\d0/;

describe('chart tick labels', () => {
  it('writes percentages with the decimals the step needs, so neighbours differ', () => {
    expect(percentLabels([0.94, 0.945, 0.95, 0.955, 0.96])).toEqual(['94.0%', '94.5%', '95.0%', '95.5%', '96.0%']);
    expect(percentLabels([0.5, 0.6, 0.7])).toEqual(['50%', '60%', '70%']);
    expect(percentLabels([0.9, 0.9025, 0.905])).toEqual(['90.00%', '90.25%', '90.50%']);
    expect(decimalsFor(0.2)).toBe(1);
    expect(decimalsFor(5)).toBe(0);
  });

  it('writes epochs and accuracies as Chart.js would, without its number formatter (float noise dropped)', () => {
    expect(plainLabels([0, 50, 100, 150, 300])).toEqual(['0', '50', '100', '150', '300']);
    expect(plainLabels([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
  });

  it('writes log ticks plainly: 1000, 0.0001, 10, and 1e-5 beyond', () => {
    expect(plainNumber(1000)).toBe('1000');
    expect(plainNumber(0.0001)).toBe('0.0001');
    expect(plainNumber(10)).toBe('10');
    expect(plainNumber(0.00001)).toBe('1e-5');
    expect(plainNumber(2e6)).toBe('2e6');
    const values = [0.0001, 0.0002, 0.0003, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.1, 1, 3, 5, 10, 100, 1000];
    const labels = logLabels(values).filter(Boolean);
    expect(labels).toEqual(['0.0001', '0.0002', '0.0005', '0.001', '0.002', '0.005', '0.01', '0.1', '1', '5', '10', '100', '1000']);
    expect(labels.filter((l) => BAD.test(l))).toEqual([]);
  });

  it('labels every tick of a log axis inside one decade', () => {
    expect(logLabels([0.3, 0.4, 0.5, 0.6])).toEqual(['0.3', '0.4', '0.5', '0.6']);
  });

  it('keeps only the labelled ticks of a log axis, so thinning a short axis cannot leave one label', () => {
    const ticks = (values: number[]) => values.map((value) => ({ value }));
    // A loss between 0.2 and 1 (three epochs of "Low data"): 0.2, 0.5 and 1 kept, the unlabelled ones dropped.
    const kept = logTicksToKeep(ticks([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]));
    expect(kept.map((t) => t.value)).toEqual([0.2, 0.5, 1]);
    expect(logLabels(kept.map((t) => t.value))).toEqual(['0.2', '0.5', '1']);
    // Fewer than two 1s, 2s and 5s: every tick stays, and every one is labelled.
    expect(logTicksToKeep(ticks([0.6, 0.7, 0.8, 0.9, 1])).length).toBe(5);
    expect(logLabels([0.6, 0.7, 0.8, 0.9, 1])).toEqual(['0.6', '0.7', '0.8', '0.9', '1']);
  });

  it('adapts to the Chart.js callback signature', () => {
    const callback = tickCallback(percentLabels);
    const ticks = [{ value: 0.95 }, { value: 0.955 }];
    expect(callback(0.955, 1, ticks)).toBe('95.5%');
  });

  it('works the labels out once per list of ticks, and afresh for a new list or a new pass', () => {
    let calls = 0;
    const callback = tickCallback((values) => (calls++, logLabels(values)));
    const ticks = Array.from({ length: 40 }, (_, i) => ({ value: (i + 1) / 10 }));
    const labels = ticks.map((t, i) => callback(t.value, i, ticks));
    expect(labels).toEqual(logLabels(ticks.map((t) => t.value)));
    expect(calls).toBe(1);
    // The same list again (a new layout pass starts at tick 0), then a new list with other values.
    callback(0.1, 0, ticks);
    expect(calls).toBe(2);
    const other = [{ value: 1 }, { value: 10 }];
    expect(callback(10, 1, other)).toBe('10');
    expect(calls).toBe(3);
  });
});
