/** The experiment command as a user runs it: exit codes and one-line errors. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function experiment(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/experiment.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
}

describe('npm run experiment', () => {
  it('lists the presets', () => {
    const { code, stdout } = experiment('--list');
    expect(code).toBe(0);
    for (const name of ['low-data', 'paper-mnist', 'omitted-class', 'three-percent', 'sweep', 'dark-matrix']) expect(stdout).toContain(name);
  });

  it.each([
    [['--preset', 'nope'], /^experiment: Unknown preset “nope”/],
    [['--T', '-2'], /^experiment: --T: Training T must satisfy/],
    [['--frobnicate'], /^experiment: Unknown flag “--frobnicate”/],
    [['--preset', 'low-data', '--omit', '7'], /^experiment: low-data: Omitted class must be a class of Animals & vehicles/],
    [['--preset', 'omitted-class', '--omit', '10'], /^experiment: --omit: Omitted class must satisfy -1 ≤ value ≤ 9/],
  ])('refuses %j with one line and exit code 2', (args, message) => {
    const { code, stderr } = experiment(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.split('\n')).toHaveLength(1);
  });

  it('prints one JSON object with the fields of the first issue', () => {
    const { code, stdout } = experiment('--preset', 'low-data', '--seed', '2', '--epochs', '3', '--teacher-epochs', '2', '--json', '--backend', 'cpu');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!);
    expect(json).toMatchObject({ preset: 'low-data', seed: 2, backend: 'cpu' });
    for (const model of ['teacher', 'hard', 'soft']) {
      expect(json[model].trainAcc).toBeGreaterThanOrEqual(0);
      expect(json[model].testAcc).toBeLessThanOrEqual(1);
    }
    expect(json.testErrors).toEqual(expect.objectContaining({ teacher: expect.any(Number), hard: expect.any(Number), soft: expect.any(Number) }));
  });
});
