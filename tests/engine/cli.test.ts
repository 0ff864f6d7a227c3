/** The experiment command as a user runs it: exit codes and one-line errors. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodePoints } from '../../src/core/own-points';

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
    [['--preset', 'low-data', '--keep', '7,8'], /^experiment: low-data: Kept classes must be classes of Animals & vehicles \(2-D\) \(0–5\); got 7, 8\./],
    [['--preset', 'omitted-class', '--keep', '7,8'], /^experiment: omitted-class: Kept classes \(7,8\) and an omitted class \(3\) cannot be combined/],
    [['--keep', 'all'], /^experiment: --keep: Kept classes must be class numbers separated by commas/],
    [['--points', 'empty'], /^experiment: low-data: To train, place at least 3 points .* the canvas is empty\.$/],
    [['--preset', 'paper-mnist', '--points', 'empty'], /^experiment: paper-mnist: .*your own points go on a 2-D dataset/],
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

  it('uses the shipped digits teacher by default, for any seed, and trains its own with --train-teacher', () => {
    const manifest = JSON.parse(readFileSync('datasets/teachers/manifest.json', 'utf8')) as { teachers: { name: string; testErrors: number; testCount: number }[] };
    const shipped = manifest.teachers.find((t) => t.name === 'digits-14-256-256-e30-cos')!;
    const { code, stdout, stderr } = experiment('--preset', 'dark-matrix', '--seed', '5', '--epochs', '1', '--fraction', '0.01', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout.trim());
    expect(json.teacherOrigin).toBe('shipped with the app (npm run teachers, seed 1)');
    // Loaded and evaluated here: its test errors are the manifest's.
    expect(json.testErrors.teacher).toBe(shipped.testErrors);
    const live = experiment('--preset', 'low-data', '--epochs', '2', '--teacher-epochs', '2', '--train-teacher', '--json', '--backend', 'cpu');
    expect(JSON.parse(live.stdout.trim()).teacherOrigin).toBe('trained now');
  }, 120_000);

  it('reports kept classes: each student’s test error before and after its shift, in JSON and in the table', () => {
    const args = ['--preset', 'low-data', '--keep', '1,4', '--epochs', '3', '--teacher-epochs', '2', '--backend', 'cpu'];
    const { code, stdout } = experiment(...args, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout.trim());
    expect(json.kept).toEqual([1, 4]);
    for (const model of ['hard', 'soft']) {
      expect(json[model]).toEqual(expect.objectContaining({ testError: expect.any(Number), biasShift: expect.any(Number), testErrorShifted: expect.any(Number) }));
      expect(json[model].biasShift).toBeLessThanOrEqual(0);
    }
    const table = experiment(...args);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/only 1 and 4 kept; test error before → after one shift of the 1 and 4 biases, chosen on the training split:/);
    expect(table.stdout).toMatch(/paper's soft student 47\.3% → 13\.2% \(shift −7\.6\)/);
  });

  it.each([
    ['born-again', /Claim — Furlanello, Lipton/, /^ {2}(Shown|Not shown|Not clearly shown) here: the born-again student made \d+/m],
    ['label-smoothing', /Claim — Müller, Kornblith & Hinton/, /^ {2}(Shown|Not shown) here: the soft student of the smoothed teacher made \d+/m],
    ['fidelity', /Claim — Stanton, Izmailov/, /^ {2}(Shown|Not shown|Partly shown) here: /m],
  ])('prints %s’s published claim, the rows beside it and a verdict, from the shipped teachers', (preset, claim, verdict) => {
    const { code, stdout, stderr } = experiment('--preset', preset, '--epochs', '1', '--fraction', '0.02');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/\(shipped with the app \(npm run teachers, seed 1\)\)/);
    expect(stdout).toMatch(claim);
    expect(stdout).toMatch(verdict);
  }, 120_000);

  it('puts the after-the-paper measurement and verdict in the JSON', () => {
    // Seed 2: both teachers are the shipped ones (trained with seed 1), the twin too: nothing is trained but the students.
    const { code, stdout } = experiment('--preset', 'label-smoothing', '--seed', '2', '--epochs', '1', '--fraction', '0.02', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout.trim());
    expect(json.teacherOrigin).toBe('shipped with the app (npm run teachers, seed 1)');
    expect(json.twinOrigin).toBe('shipped with the app (npm run teachers, seed 1)');
    expect(json.afterPaper).toMatchObject({ claim: 'Müller, Kornblith & Hinton 2019', testCount: 10_000, wrongClassEntropy: { max: Math.log2(9), temperature: 8 } });
    // The shipped twin, evaluated here (in float32): the 139 test errors its manifest counts.
    expect(json.afterPaper.twinTestAcc).toBeCloseTo(0.9861, 6);
    expect(json.afterPaper.softUnsmoothed.testAcc).toBeGreaterThan(0.1);
    expect(json.afterPaper.verdict).toMatch(/here: the soft student of the smoothed teacher made \d+ /);
  }, 120_000);

  it('runs what a link of the app holds (--link), your own points included, as --points does', () => {
    // Ten points of each of the six classes, in cells of their own.
    const points = Array.from({ length: 60 }, (_, i) => ({ column: 4 + (i % 10) * 5, row: 4 + Math.floor(i / 10) * 7, label: Math.floor(i / 10) }));
    const code = encodePoints(points);
    const link = `http://localhost:5173/?preset=low-data&points=${code}&epochs=2&teacherEpochs=2&seed=4`;
    const fromLink = experiment('--link', link, '--json');
    expect(fromLink.stderr).toBe('');
    expect(fromLink.code).toBe(0);
    const fromFlags = experiment('--preset', 'low-data', '--points', code, '--epochs', '2', '--teacher-epochs', '2', '--seed', '4', '--json');
    const withoutPoints = experiment('--preset', 'low-data', '--epochs', '2', '--teacher-epochs', '2', '--seed', '4', '--json');
    const results = [fromLink, fromFlags, withoutPoints].map((r) => JSON.parse(r.stdout.trim()) as { seed: number; testErrors: Record<string, number>; teacher: unknown; hard: unknown; soft: unknown });
    expect(results[0]!.seed).toBe(4);
    // The same run, to the last digit, whichever way it is asked for; not the dataset's own points.
    expect({ ...results[0]!, seconds: 0 }).toEqual({ ...results[1]!, seconds: 0 });
    expect(results[2]!.teacher).not.toEqual(results[0]!.teacher);
    // A link whose values the app would ignore is refused, naming them.
    const bad = experiment('--link', '?preset=low-data&points=!!&T=abc');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^experiment: --link: the app would ignore /);
    expect(bad.stderr).toContain('T=abc (Training T must be a finite number.)');
    expect(bad.stderr).toMatch(/points=!! \(not a list of points/);
  }, 120_000);
});
