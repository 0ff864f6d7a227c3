import { describe, expect, it } from 'vitest';
import { parseExperimentArgs } from '../../src/cli/args';

describe('experiment command-line flags', () => {
  it('reads preset, seed, T, α, fraction and --json', () => {
    const result = parseExperimentArgs(['--preset', 'full-data', '--seed', '3', '--T', '2.5', '--alpha', '0.5', '--fraction', '0.1', '--json']);
    expect(result).toEqual({
      ok: true,
      options: expect.objectContaining({ presets: ['full-data'], seeds: [3], json: true, overrides: { temperature: 2.5, alpha: 0.5, studentFraction: 0.1 } }),
    });
  });

  it('reads several presets, to share their teachers', () => {
    const result = parseExperimentArgs(['--preset', 'paper-mnist,omitted-class']);
    expect(result.ok && result.options.presets).toEqual(['paper-mnist', 'omitted-class']);
    expect(parseExperimentArgs(['--preset', 'paper-mnist,nope'])).toEqual({ ok: false, error: expect.stringMatching(/Unknown preset “nope”/) });
  });

  it('reads the kept classes, sorted; --keep "" keeps every class', () => {
    const result = parseExperimentArgs(['--preset', 'sevens-eights', '--keep', '8,3']);
    expect(result.ok && result.options.overrides).toEqual({ keptClasses: '3,8' });
    const all = parseExperimentArgs(['--preset', 'sevens-eights', '--keep', '']);
    expect(all.ok && all.options.overrides).toEqual({ keptClasses: '' });
  });

  it('reads a range of seeds', () => {
    const result = parseExperimentArgs(['--seeds', '1-5']);
    expect(result.ok && result.options.seeds).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([
    [['--preset', 'nope'], /Unknown preset “nope”/],
    [['--T', '0'], /--T: Training T/],
    [['--alpha', '3'], /--alpha/],
    [['--fraction', '0'], /--fraction/],
    [['--seed', 'x'], /Seed must be a number/],
    [['--seed'], /--seed needs a value/],
    [['--bogus'], /Unknown flag “--bogus”/],
    [['--seeds', '5-1'], /--seeds takes a range/],
    [['--backend', 'webgl'], /--backend must be wasm, cpu or webgpu/],
    [['--dataset', 'cifar'], /Unknown dataset “cifar”/],
    [['--keep', '7-8'], /^--keep: Kept classes must be class numbers separated by commas, like 7,8/],
    [['--keep'], /--keep needs a value/],
  ])('refuses %j with one line', (argv, message) => {
    const result = parseExperimentArgs(argv);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(message);
      expect(result.error).not.toContain('\n');
    }
  });
});
