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

  it('reads --progress (off unless asked; the command also turns it on for a terminal)', () => {
    const plain = parseExperimentArgs([]);
    expect(plain.ok && plain.options.progress).toBe(false);
    const result = parseExperimentArgs(['--preset', 'paper-full', '--progress', '--json']);
    expect(result.ok && result.options.progress && result.options.json).toBe(true);
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

  it('reads a link of the app (--link): its preset and every setting, its seed; later flags change it further', () => {
    const result = parseExperimentArgs(['--link', 'https://example.org/lab/?preset=spirals&student=16-16&T=3&seed=7', '--alpha', '0.5']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.options.presets).toEqual(['spirals']);
    expect(result.options.seeds).toEqual([7]);
    expect(result.options.overrides).toMatchObject({ dataset: 'spirals', studentLayers: '16-16', temperature: 3, seed: 7, alpha: 0.5 });
    // Just the query part works too, and so does a # link.
    expect(parseExperimentArgs(['--link', '#preset=spirals&T=3'])).toEqual(expect.objectContaining({ ok: true, options: expect.objectContaining({ presets: ['spirals'] }) }));
    expect(parseExperimentArgs(['--points', 'empty']).ok && parseExperimentArgs(['--points', 'empty'])).toMatchObject({ options: { overrides: { points: 'empty' } } });
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
    [['--link', '?preset=nope&lr=-1'], /^--link: the app would ignore .*preset “nope”/],
    [['--link'], /--link needs a value/],
  ])('refuses %j with one line', (argv, message) => {
    const result = parseExperimentArgs(argv);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(message);
      expect(result.error).not.toContain('\n');
    }
  });
});
