import { describe, expect, it } from 'vitest';
import { jitteredBatch } from '../../datasets/augment';
import { createRng } from '../../src/core/rng';
import { studentSpecs, softTemperatures } from '../../src/core/roster';
import { findPreset } from '../../src/core/presets';
import { SWEEP_TEMPERATURES } from '../../src/core/settings';

describe('image jitter', () => {
  // One 3×3 image with a single lit pixel in the centre.
  const image = Float32Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]);

  it('moves the image by at most the shift and keeps its ink unless it leaves the frame', () => {
    const rng = createRng(4);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const out = jitteredBatch(image, [0], 3, 1, rng);
      expect(out.reduce((a, b) => a + b, 0)).toBe(1);
      seen.add(out.indexOf(1));
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('is the identity with a shift of 0', () => {
    expect(jitteredBatch(image, [0, 0], 3, 0, createRng(1))).toEqual(Float32Array.from([...image, ...image]));
  });
});

describe('which students a run trains', () => {
  it('compares one hard and one soft student by default', () => {
    const specs = studentSpecs(findPreset('low-data')!.settings);
    expect(specs.map((s) => s.id)).toEqual(['hard', 'soft']);
    expect(specs[1]!.target).toEqual({ kind: 'soft', temperature: 4, alpha: 0.9 });
  });

  it('adds a reference student that saw every class when one is omitted', () => {
    const specs = studentSpecs(findPreset('omitted-class')!.settings);
    expect(specs.map((s) => [s.id, s.ignoredClasses])).toEqual([['hard', [3]], ['soft', [3]], ['soft-all', []]]);
  });

  it('sweeps six temperatures for a normal and a tiny student', () => {
    const settings = findPreset('sweep')!.settings;
    const specs = studentSpecs(settings);
    expect(specs).toHaveLength(2 * (SWEEP_TEMPERATURES.length + 1));
    expect(new Set(specs.map((s) => s.layers))).toEqual(new Set([settings.studentLayers, '30-30']));
    expect(softTemperatures(specs)).toEqual([...SWEEP_TEMPERATURES]);
  });
});
