import { describe, expect, it } from 'vitest';
import { leastSquaresSlope, median, summarizeTrend, type TrendPoint } from '../../src/core/soak-trend';
import { defaultSoakPresets, parseSoakArgs } from '../../src/cli/soak-args';
import { sampleLine, soakJson, soakVerdicts, verdictTable, type SoakMeta, type SoakSample } from '../../src/cli/soak-format';
import { backendBytes } from '../../workers/memory-report';
import { findPreset } from '../../src/core/presets';

const series = (values: readonly number[]): TrendPoint[] => values.map((value, i) => ({ minute: i + 1, value }));

describe('soak verdict (least squares over the last two thirds)', () => {
  it('computes medians and slopes', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(leastSquaresSlope(series([1, 3, 5, 7]))).toBeCloseTo(2);
    expect(leastSquaresSlope([{ minute: 1, value: 5 }])).toBeNull();
  });

  it('calls a series that settled after warming up flat, however steep the warm-up', () => {
    // 30 minutes: the first third climbs from 10 to 60 MB (digits, teachers), then it wobbles around 60 MB.
    const values = Array.from({ length: 30 }, (_, i) => (i < 10 ? 10e6 + 5e6 * i : 60e6 + (i % 3 === 0 ? 1e6 : -0.5e6)));
    const summary = summarizeTrend(series(values), 1e6);
    expect(summary.verdict).toBe('flat');
    expect(summary.first).toBe(10e6);
    expect(summary.max).toBe(61e6);
    expect(summary.lastThirdMedian).toBe(59.5e6);
    expect(Math.abs(summary.rise!)).toBeLessThan(summary.threshold!);
  });

  it('calls a steady climb of more than 10% of the level across the last two thirds growth', () => {
    // +0.5 MB a minute on 50 MB: +10 MB over the last 20 minutes, 16% of a last-third level of ~63 MB.
    const summary = summarizeTrend(series(Array.from({ length: 30 }, (_, i) => 50e6 + 0.5e6 * i)), 1e6);
    expect(summary.verdict).toBe('grows without bound');
    expect(summary.slopePerMinute).toBeCloseTo(0.5e6);
    expect(summary.rise).toBeGreaterThan(summary.threshold!);
  });

  it('lets a slow climb under 10% of the level pass, and judges small series on their floor', () => {
    expect(summarizeTrend(series(Array.from({ length: 30 }, (_, i) => 100e6 + 0.1e6 * i)), 1e6).verdict).toBe('flat'); // +2 MB of ~127
    // Tensors: 0 → 3 is under the floor of 10; one more tensor a run, five runs a minute, is not.
    expect(summarizeTrend(series(Array.from({ length: 30 }, (_, i) => (i > 20 ? 3 : 0))), 10).verdict).toBe('flat');
    expect(summarizeTrend(series(Array.from({ length: 30 }, (_, i) => 5 * i)), 10).verdict).toBe('grows without bound');
  });

  it('ignores minute 0 (before any run) and the order samples come in, and says when there are too few', () => {
    const points = [{ minute: 0.1, value: 1 }, ...series([50, 50, 50, 50, 50, 50])].reverse();
    const summary = summarizeTrend(points, 1);
    expect(summary.first).toBe(50);
    expect(summary.verdict).toBe('flat');
    expect(summarizeTrend(series([1, 2]), 1)).toMatchObject({ verdict: 'too short', first: 1, max: 2, slopePerMinute: null });
    expect(summarizeTrend([], 1).verdict).toBe('too short');
  });
});

describe('npm run soak flags', () => {
  it('defaults to 30 minutes of toy and digit presets in turn, without the minutes-long full-scale one', () => {
    const result = parseSoakArgs([]);
    expect(result).toEqual({ ok: true, options: { minutes: 30, presets: defaultSoakPresets(), json: false, help: false } });
    const presets = defaultSoakPresets();
    expect(presets.slice(0, 4)).toEqual(['low-data', 'paper-mnist', 'full-data', 'omitted-class']);
    expect(presets).not.toContain('paper-full');
    expect(presets.filter((name) => findPreset(name)!.settings.dataset === 'digits-14').length).toBeGreaterThan(3);
    expect(presets.filter((name) => !findPreset(name)!.settings.dataset.startsWith('digits')).length).toBeGreaterThan(3);
  });

  it('reads --minutes, --presets and --json', () => {
    expect(parseSoakArgs(['--minutes', '2', '--presets', 'low-data,sweep', '--json'])).toEqual({ ok: true, options: { minutes: 2, presets: ['low-data', 'sweep'], json: true, help: false } });
    expect(parseSoakArgs(['-h'])).toMatchObject({ ok: true, options: { help: true } });
  });

  it('refuses bad input in one line', () => {
    expect(parseSoakArgs(['--minutes', '0'])).toEqual({ ok: false, error: expect.stringMatching(/--minutes must be a whole number from 1/) });
    expect(parseSoakArgs(['--minutes', '2.5']).ok).toBe(false);
    expect(parseSoakArgs(['--minutes', '100000']).ok).toBe(false);
    expect(parseSoakArgs(['--minutes'])).toEqual({ ok: false, error: '--minutes needs a value.' });
    expect(parseSoakArgs(['--presets', 'low-data,nope'])).toEqual({ ok: false, error: 'Unknown preset “nope”.' });
    expect(parseSoakArgs(['--presets', ','])).toEqual({ ok: false, error: '--presets needs at least one preset name.' });
    expect(parseSoakArgs(['--seconds', '5'])).toEqual({ ok: false, error: expect.stringMatching(/Unknown flag “--seconds”/) });
  });
});

describe('npm run soak output', () => {
  const sample = (minute: number, workerHeapBytes: number): SoakSample => ({
    minute,
    atMinutes: minute + 0.2,
    runs: minute * 5,
    failedRuns: 0,
    pageHeapBytes: 20e6,
    workerHeapBytes,
    numTensors: 0,
    numBytes: 0,
    backend: 'wasm',
    backendBytes: 120e6,
    backendBytesKind: 'wasm heap',
    peak: { numTensors: 400, numBytes: 50e6, workerHeapBytes: 60e6, pageHeapBytes: 30e6 },
  });
  const leaking = Array.from({ length: 31 }, (_, minute) => sample(minute, 30e6 + minute * 1e6));

  it('prints one line a minute', () => {
    expect(sampleLine(sample(10, 31e6))).toBe(
      'minute 10 · runs  50 · page heap 20.0 MB · worker heap 31.0 MB · tensors 0 · tensor bytes 0.0 MB · wasm heap 120.0 MB · backend wasm · peak while training: 400 tensors, 50.0 MB, worker heap 60.0 MB',
    );
  });

  it('judges every series and finds the one that grows', () => {
    const verdicts = soakVerdicts(leaking);
    expect(verdicts.map((v) => [v.series, v.verdict])).toEqual([
      ['page JS heap', 'flat'],
      ['worker JS heap', 'grows without bound'],
      ['tensors', 'flat'],
      ['tensor bytes', 'flat'],
      ['backend memory', 'flat'],
    ]);
    const table = verdictTable(verdicts);
    expect(table).toContain('| worker JS heap | 31.0 MB |');
    expect(table).toContain('1000.0 kB/min');
    const meta: SoakMeta = { command: 'npm run soak', date: '2026-01-01', minutes: 30, presets: ['low-data'], browser: 'headless Chromium', cores: 2, tfSource: 'test' };
    expect(soakJson(meta, leaking)).toMatchObject({ minutes: 30, samples: leaking, verdicts: expect.arrayContaining([expect.objectContaining({ series: 'tensors', verdict: 'flat' })]) });
  });
});

describe("the worker's memory report", () => {
  it("reads the backend's own memory where it has some", () => {
    expect(backendBytes('wasm', { wasm: { HEAPU8: { buffer: { byteLength: 16 * 2 ** 20 } } } })).toEqual({ backendBytes: 16 * 2 ** 20, backendBytesKind: 'wasm heap' });
    expect(backendBytes('webgl', { memory: () => ({ numBytesInGPU: 5, numBytesInGPUAllocated: 8 }) })).toEqual({ backendBytes: 8, backendBytesKind: 'GPU memory allocated' });
    expect(backendBytes('webgpu', { memory: () => ({ numBytesInGPU: 5, numBytesAllocatedInGPU: 9 }) })).toEqual({ backendBytes: 9, backendBytesKind: 'GPU memory allocated' });
    expect(backendBytes('cpu', { memory: () => ({ unreliable: true }) })).toEqual({ backendBytes: null, backendBytesKind: null });
    expect(backendBytes('webgpu', { memory: () => { throw new Error('device lost'); } })).toEqual({ backendBytes: null, backendBytesKind: null });
  });
});
