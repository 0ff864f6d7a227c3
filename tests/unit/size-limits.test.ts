import { describe, expect, it } from 'vitest';
import { TENSOR_LIMIT_BYTES, bytesText, estimateMemory, modelFloats, sizeProblem } from '../../src/core/size-limits';
import { PRESETS, findPreset } from '../../src/core/presets';
import { validateSettings, type Settings } from '../../src/core/settings';

const lowData = findPreset('low-data')!.settings;
const with_ = (changes: Partial<Settings>): Settings => ({ ...lowData, ...changes });

describe('memory estimate', () => {
  it('counts one model as the formula says (hand computation)', () => {
    // 2-4-3, one copy, batch 2, 10 rows: P = 3·4 + 5·3 = 27 → 108; largest variable 4·3 = 12 → 36;
    // batch 2·2 + 3·2·(4 + 3) = 46; evaluation 2·10·7 = 140.
    expect(modelFloats([2, 4, 3], 2, 1, 10)).toBe(108 + 36 + 46 + 140);
    // Stacked copies multiply everything but the shared batch inputs.
    expect(modelFloats([2, 4, 3], 2, 3, 10)).toBe(3 * (108 + 36 + 42 + 140) + 4);
  });

  it('puts 4096-4096-4096-4096 students on 28×28 digits at about 4 GB', () => {
    // By hand: per student P ≈ 785·4096 + 3·4097·4096 + 4097·10 ≈ 53.6 M; two students, four copies of 4 bytes: 1.7 GB;
    // Adam's update of a 4096×4096 variable: 3·2·16.8 M·4 B = 0.4 GB; an evaluation chunk 2·2·4096·16,394·4 B = 1.07 GB;
    // the digits (60,000 + 10,000 twice, 1,200 transfer thrice, 60,000 teacher batches) · 794 · 4 B = 0.6 GB.
    const estimate = estimateMemory(with_({ dataset: 'digits-28', studentLayers: '4096-4096-4096-4096' }));
    expect(estimate.modelBytes.studentLayers).toBeGreaterThan(3.0e9);
    expect(estimate.modelBytes.studentLayers).toBeLessThan(3.4e9);
    expect(estimate.dataBytes).toBeGreaterThan(0.55e9);
    expect(estimate.dataBytes).toBeLessThan(0.65e9);
    expect(estimate.bytes).toBeGreaterThan(3.5e9);
    expect(estimate.bytes).toBeLessThan(4.5e9);
  });

  it('keeps the 2-D presets in megabytes and the paper’s full-scale run under the limit', () => {
    for (const preset of PRESETS) expect(estimateMemory(preset.settings).bytes, preset.name).toBeLessThan(TENSOR_LIMIT_BYTES);
    expect(estimateMemory(lowData).bytes).toBeLessThan(20e6);
    const paper = estimateMemory(findPreset('paper-full')!.settings);
    expect(paper.bytes).toBeGreaterThan(1e9);
    expect(paper.dataBytes / paper.bytes).toBeGreaterThan(0.7);
  });

  it('counts a label-smoothed teacher twice (it trains beside its unsmoothed twin) and the twin’s soft targets', () => {
    const plain = estimateMemory(findPreset('paper-mnist')!.settings);
    const smoothed = estimateMemory(findPreset('label-smoothing')!.settings);
    expect(smoothed.modelBytes.teacherLayers).toBe(2 * plain.modelBytes.teacherLayers);
    // One more soft-target set and one more student's targets over the 12,000-digit transfer set.
    expect(smoothed.dataBytes - plain.dataBytes).toBe(4 * 12_000 * 10 * 2);
  });

  it('writes sizes in decimal units', () => {
    expect(bytesText(3.9e9)).toBe('3.9 GB');
    expect(bytesText(2e9)).toBe('2 GB');
    expect(bytesText(640.4e6)).toBe('640 MB');
  });
});

describe('size limit', () => {
  it('refuses students too big, naming the estimate and the limit', () => {
    const problem = sizeProblem(with_({ dataset: 'digits-28', studentLayers: '4096-4096-4096-4096' }));
    expect(problem?.field).toBe('studentLayers');
    expect(problem?.message).toMatch(/^Students 4096-4096-4096-4096 on 28×28 digits need about 3\.\d+ GB of tensors; the limit here is 2 GB\. Use smaller layers\.$/);
    expect(sizeProblem(with_({ studentLayers: '4096-4096-4096-4096' }))?.message).toMatch(/on the 2-D animals & vehicles need about 2\.\d+ GB/);
  });

  it('names the teacher when its layers are the biggest', () => {
    expect(sizeProblem(with_({ dataset: 'digits-28', teacherLayers: '4096-4096-4096-4096' }))?.field).toBe('teacherLayers');
  });

  it('admits large sizes that fit, and a one-unit student', () => {
    expect(sizeProblem(with_({ studentLayers: '4096-4096' }))).toBeNull();
    expect(sizeProblem(with_({ studentLayers: '1' }))).toBeNull();
    expect(sizeProblem(findPreset('paper-full')!.settings)).toBeNull();
    expect(sizeProblem(findPreset('omitted-full')!.settings)).toBeNull();
  });

  it('is part of validateSettings, on the layers field to change', () => {
    expect(validateSettings(with_({ studentLayers: '4096-4096-4096-4096' })).studentLayers).toMatch(/limit here is 2 GB/);
    expect(validateSettings(with_({ studentLayers: '4096-4096' }))).toEqual({});
    // Unreadable layers are named as such, not estimated.
    expect(validateSettings(with_({ studentLayers: '99999' })).studentLayers).toMatch(/Layers must look like/);
  });
});
