import { afterEach, describe, expect, it, vi } from 'vitest';
import { printRun, printSummary, type ExperimentRecord } from '../../src/cli/report-format';
import { findPreset } from '../../src/core/presets';
import type { Settings } from '../../src/core/settings';

const metrics = (trainAcc: number, testAcc: number) => ({ loss: 0.1, trainAcc, testAcc });

/** A finished run of `preset` as `npm run experiment` prints it (figures of a real seed-1 run, rounded). */
function record(preset: string, extra: ExperimentRecord['result']['extra']): ExperimentRecord {
  return {
    preset,
    title: findPreset(preset)!.title,
    seed: 1,
    backend: 'wasm',
    settings: findPreset(preset)!.settings as Settings,
    teacherOrigin: 'shipped with the app',
    result: { teacher: metrics(0.999, 0.9927), students: { hard: metrics(0.895, 0.8823), soft: metrics(0.992, 0.9851), 'soft-all': metrics(0.999, 0.99) }, seconds: 1694, extra },
  };
}

function printed(r: ExperimentRecord | ExperimentRecord[]): string {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  if (Array.isArray(r)) printSummary(r);
  else printRun(r);
  return lines.join('\n');
}

afterEach(() => vi.restoreAllMocks());

describe('npm run experiment, printed', () => {
  it('gives no recovered share when a class was left out (the hard student cannot answer it), and counts the errors after the shift', () => {
    const text = printed(
      record('omitted-full', {
        testCount: 10_000,
        testErrors: { teacher: 73, hard: 1177, soft: 149, recoveredShare: 0.931 },
        omitted: { omitted: 3, hard: { omittedAcc: 0 }, soft: { omittedAcc: 0.932, omittedAccShifted: 0.983, biasShift: 3.25, testAccShifted: 0.9881 }, sawEveryClass: { testAcc: 0.99 } },
      }),
    );
    expect(text).toMatch(/^Omitted class, full scale · seed 1 · wasm · 1694\.0 s/);
    expect(text).toContain('test errors: teacher 73, hard 1177, soft 149\n');
    expect(text).not.toContain('recovers');
    expect(text).toContain('soft after bias shift 3.25 → 98.3% (overall 98.8%, 119 test errors; a soft student that saw every class: 99.0%)');
  });

  it('sums up seeds of an omitted class by its 3s, not by a recovered share', () => {
    const omitted = (soft: number, shifted: number) => ({ omitted: 3, hard: { omittedAcc: 0 }, soft: { omittedAcc: soft, omittedAccShifted: shifted, biasShift: 3.5, testAccShifted: 0.988 }, sawEveryClass: { testAcc: 0.99 } });
    const text = printed([
      record('omitted-full', { testCount: 10_000, testErrors: { teacher: 73, hard: 1177, soft: 149, recoveredShare: 0.931 }, omitted: omitted(0.932, 0.983) }),
      { ...record('omitted-full', { testCount: 10_000, testErrors: { teacher: 73, hard: 1170, soft: 138, recoveredShare: 0.941 }, omitted: omitted(0.937, 0.984) }), seed: 2 },
    ]);
    expect(text).toContain('mean over seeds 1, 2');
    expect(text).toContain('Omitted class (mean): hard 0.0%, soft 93.5%, soft shifted 98.4%');
    expect(text).not.toContain('recovered share');
  });

  it('gives the recovered share when the students saw every class', () => {
    const text = printed(record('paper-full', { testCount: 10_000, testErrors: { teacher: 73, hard: 177, soft: 101, recoveredShare: 0.7308 } }));
    expect(text).toContain('test errors: teacher 73, hard 177, soft 101; soft recovers 73.1% of the teacher–hard gap');
  });
});
