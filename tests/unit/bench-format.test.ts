import { describe, expect, it } from 'vitest';
import { parseBenchArgs, suiteOptions } from '../../src/cli/bench-args';
import { adamTable, benchJson, benchMarkdown, formTable, modelLabel, modelTable, presetTable, productTable } from '../../src/cli/bench-format';
import {
  DEFAULT_BENCH_PRESETS,
  achievedGflops,
  fastestForms,
  matMulGflops,
  median,
  modelRow,
  presetModels,
  ratio,
  settingsModels,
  trainingFlopsPerExample,
  type BenchResult,
  type FormRow,
} from '../../src/engine/bench-models';
import { findPreset } from '../../src/core/presets';
import { weightCount } from '../../src/core/model-flops';

describe('bench arithmetic', () => {
  it('takes medians of odd and even counts, NaN of none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('divides only by a positive number', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(1, Number.NaN)).toBeNaN();
  });

  it('counts 6 flops per weight per example, times the students of a stack', () => {
    expect(weightCount([196, 256, 256, 10])).toBe(196 * 256 + 256 * 256 + 256 * 10);
    expect(trainingFlopsPerExample([2, 4, 6], 0)).toBe(6 * (8 + 24));
    expect(trainingFlopsPerExample([2, 4, 6], 3)).toBe(3 * 6 * (8 + 24));
    expect(achievedGflops([2, 4, 6], 2, 1e6)).toBeCloseTo((2 * 6 * 32 * 1e6) / 1e9);
    expect(matMulGflops(1024, 10, 2)).toBeCloseTo((2 * 1024 ** 3 * 10) / 2 / 1e9);
  });

  it('builds a row: share of the matMul figure, baseline per student of a stack', () => {
    const row = modelRow('wasm', { role: 'student', sizes: [196, 64, 64, 10], batch: 128, students: 2 }, { examplesPerSecond: 10_000, matmulGflops: 40, singleFitExamplesPerSecond: 4_000 });
    expect(row.sizes).toBe('196-64-64-10');
    expect(row.gflops).toBeCloseTo((2 * 6 * weightCount([196, 64, 64, 10]) * 10_000) / 1e9);
    expect(row.peakShare).toBeCloseTo(row.gflops / 40);
    expect(row.baselineExamplesPerSecond).toBe(2_000);
    expect(row.speedupOverBaseline).toBe(5);
  });
});

describe('the models of the presets', () => {
  it('gives the paper preset a digits teacher and one stack of two students', () => {
    expect(settingsModels(findPreset('paper-mnist')!.settings)).toEqual([
      { role: 'teacher', sizes: [196, 256, 256, 10], batch: 128, students: 0 },
      { role: 'student', sizes: [196, 128, 128, 10], batch: 32, students: 2 },
    ]);
  });

  it('lists each distinct model once, teachers first', () => {
    const models = presetModels();
    const keys = models.map((m) => `${m.role} ${m.sizes.join('-')} ${m.batch} ${m.students}`);
    expect(new Set(keys).size).toBe(keys.length);
    const firstStudent = models.findIndex((m) => m.role === 'student');
    expect(models.slice(firstStudent).every((m) => m.role === 'student')).toBe(true);
    expect(keys).toContain('teacher 2-64-64-6 64 0');
    expect(keys).toContain('student 196-128-128-10 32 3'); // omitted-class: hard, soft, soft that saw every class
    expect(keys).toContain('student 196-30-30-10 32 7'); // sweep: hard + six temperatures
  });

  it('times low-data and the lecture-scale digit presets by default, not the full-scale ones', () => {
    expect(DEFAULT_BENCH_PRESETS).toContain('low-data');
    expect(DEFAULT_BENCH_PRESETS).toContain('paper-mnist');
    expect(DEFAULT_BENCH_PRESETS).not.toContain('spirals');
    expect(DEFAULT_BENCH_PRESETS).not.toContain('paper-full');
    expect(DEFAULT_BENCH_PRESETS).not.toContain('omitted-full');
  });
});

describe('bench flags', () => {
  it('defaults: Node backends, 1500 ms, three repeats, presets on wasm', () => {
    const parsed = parseBenchArgs([]);
    expect(parsed.ok && parsed.options).toMatchObject({ backends: ['wasm', 'cpu'], budgetMs: 1500, repeat: 3, presetBackends: ['wasm'], presetRepeat: 1, models: true, forms: true, json: false });
  });

  it('browser defaults and every flag', () => {
    const parsed = parseBenchArgs(['--browser', '--json', '--budget-ms', '200', '--repeat', '1', '--no-presets', '--no-models', '--no-forms', '--software-budget-ms', '100']);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.options).toMatchObject({ browser: true, json: true, backends: ['wasm', 'webgl', 'webgpu'], budgetMs: 200, repeat: 1, presets: [], models: false, forms: false, softwareBudgetMs: 100 });
    expect(Object.keys(suiteOptions(parsed.options)).sort()).toEqual(['backends', 'budgetMs', 'forms', 'models', 'presetBackends', 'presetRepeat', 'presets', 'repeat', 'softwareBudgetMs']);
  });

  it('takes backend and preset lists', () => {
    const parsed = parseBenchArgs(['--backends', 'cpu', '--presets', 'low-data,spirals', '--preset-repeat', '2']);
    expect(parsed.ok && parsed.options).toMatchObject({ backends: ['cpu'], presetBackends: ['cpu'], presets: ['low-data', 'spirals'], presetRepeat: 2 });
  });

  it('runs WebGPU in Node only when asked by name (Dawn, optional), never by default', () => {
    const asked = parseBenchArgs(['--backends', 'webgpu,wasm']);
    expect(asked.ok && asked.options.backends).toEqual(['webgpu', 'wasm']);
    const plain = parseBenchArgs([]);
    expect(plain.ok && plain.options.backends).toEqual(['wasm', 'cpu']);
  });

  it('refuses bad input with one line', () => {
    expect(parseBenchArgs(['--budget-ms', '0'])).toEqual({ ok: false, error: '--budget-ms must be a whole number from 1, not “0”.' });
    expect(parseBenchArgs(['--repeat'])).toEqual({ ok: false, error: '--repeat needs a value.' });
    expect(parseBenchArgs(['--fast']).ok).toBe(false);
    expect(parseBenchArgs(['--backends', 'webgl'])).toEqual({ ok: false, error: 'webgl runs only in the browser (add --browser).' });
    expect(parseBenchArgs(['--backends', 'cuda']).ok).toBe(false);
    expect(parseBenchArgs(['--presets', 'nope']).ok).toBe(false);
  });
});

const form = (transposes: FormRow['transposes'], stack: FormRow['stack'], examplesPerSecond: number): FormRow => ({ backend: 'wasm', transposes, stack, role: 'student', sizes: '196-64-64-10', students: 2, examplesPerSecond });

const RESULT: BenchResult = {
  machine: { cpu: 'Test CPU', cores: 2, webgpuAdapter: 'google swiftshader (software adapter)' },
  models: [modelRow('wasm', { role: 'teacher', sizes: [196, 256, 256, 10], batch: 128, students: 0 }, { examplesPerSecond: 12_345.6, matmulGflops: 45.2, singleFitExamplesPerSecond: 3_000 })],
  presets: [{ preset: 'low-data', backend: 'wasm', secondsTeacherTrained: 7.74, secondsTeacherReady: 5.01 }],
  forms: [form('explicit', 'split', 9_000), form('explicit', 'batched', 8_000), form('fused', 'split', 3_000), form('fused', 'batched', 2_500)],
  adamForms: [
    { backend: 'webgl', adam: 'joined', role: 'teacher', sizes: '2-64-64-6', students: 0, examplesPerSecond: 5_000 },
    { backend: 'webgl', adam: 'per-variable', role: 'teacher', sizes: '2-64-64-6', students: 0, examplesPerSecond: 4_000 },
    { backend: 'webgl', adam: 'kernel', role: 'teacher', sizes: '2-64-64-6', students: 0, examplesPerSecond: Number.NaN },
  ],
  productForms: [
    { backend: 'wasm', products: 'simd', role: 'student', sizes: '196-128-128-10', batch: 32, students: 3, examplesPerSecond: 15_000 },
    { backend: 'wasm', products: 'tf', role: 'student', sizes: '196-128-128-10', batch: 32, students: 3, examplesPerSecond: 10_000 },
  ],
  skipped: [{ backend: 'webgpu', reason: 'no WebGPU adapter' }],
};

describe('bench output', () => {
  it('names models', () => {
    expect(modelLabel({ role: 'teacher', sizes: '2-64-64-6', students: 0 })).toBe('teacher 2-64-64-6');
    expect(modelLabel({ role: 'student', sizes: '2-4-6', students: 2 })).toBe('2 students 2-4-6');
  });

  it('prints one row per model with the ratios', () => {
    const [, , row] = modelTable(RESULT);
    // 6 × 118,272 weights × 12,345.6 examples/s = 8.76 GFLOP/s, 19.4% of 45.2.
    expect(row).toBe('| wasm | teacher 196-256-256-10 | 128 | 12,346 | 8.76 | 45.2 | 19.4% | 3,000 | 4.1× |');
  });

  it('puts the four forms side by side and names the fastest', () => {
    expect(fastestForms(RESULT.forms)).toEqual([{ backend: 'wasm', role: 'student', sizes: '196-64-64-10', transposes: 'explicit', stack: 'split' }]);
    expect(formTable(RESULT)[2]).toBe('| wasm | 2 students 196-64-64-10 | **9,000** | 8,000 | 3,000 | 2,500 | explicit / split |');
  });

  it('puts the Adam forms side by side; one the backend cannot run is a dash', () => {
    expect(adamTable(RESULT.adamForms, RESULT)[2]).toBe('| webgl | teacher 2-64-64-6 | **5,000** | 4,000 | – | joined |');
  });

  it('sets the two product forms side by side with their ratio', () => {
    expect(productTable(RESULT.productForms, RESULT)[2]).toBe('| wasm | 3 students 196-128-128-10 | 32 | 15,000 | 10,000 | 1.50× |');
  });

  it('prints preset seconds', () => {
    expect(presetTable(RESULT.presets)[2]).toBe('| low-data | wasm | 7.7 | 5.0 |');
  });

  it('puts the command, the machine, the tables and the notes in the markdown', () => {
    const text = benchMarkdown(RESULT, 'npm run bench', { budgetMs: 1500, repeat: 3, softwareBudgetMs: 300 });
    expect(text.startsWith('`npm run bench`\n\nMachine: cpu: Test CPU; cores: 2;')).toBe(true);
    expect(text).toContain('medians of 3 runs of 1500 ms');
    expect(text).toContain('† software adapter (SwiftShader, no GPU).');
    expect(text).toContain('Skipped webgpu: no WebGPU adapter.');
  });

  it('prints the issue\'s JSON shape, rounded', () => {
    const json = benchJson(RESULT) as { models: Record<string, unknown>[]; presets: unknown[]; forms: unknown[] };
    expect(Object.keys(json)).toEqual(['machine', 'models', 'presets', 'forms', 'adamForms', 'productForms', 'skipped']);
    expect(Object.keys(json.models[0]!)).toEqual([
      'backend', 'role', 'sizes', 'batch', 'students', 'examplesPerSecond', 'gflops', 'matmulGflops', 'peakShare', 'baselineExamplesPerSecond', 'speedupOverBaseline',
    ]);
    expect(json.models[0]).toMatchObject({ examplesPerSecond: 12_346, baselineExamplesPerSecond: 3_000, speedupOverBaseline: 4.12 });
    expect(json.presets[0]).toEqual({ preset: 'low-data', backend: 'wasm', secondsTeacherTrained: 7.74, secondsTeacherReady: 5.01 });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
