/**
 * `npm run bench`'s measurements, the same in Node and in the browser worker
 * (no Node imports): for each backend, every model of every preset (engine
 * throughput, achieved GFLOP/s, the 1024² product, a Layers `fit` baseline),
 * the four dense-layer forms, and the presets' wall times from a fresh and
 * from a cached teacher. Medians of `repeat` measurements; no pass/fail.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../datasets/types';
import { findPreset } from '../core/presets';
import type { Settings } from '../core/settings';
import {
  FORM_MODELS,
  PRODUCT_MODELS,
  median,
  modelKey,
  modelRow,
  presetModels,
  sizesText,
  type BenchModel,
  type BenchOptions,
  type AdamFormRow,
  type BenchResult,
  type FormRow,
  type ModelRow,
  type PresetRow,
  type ProductFormRow,
} from './bench-models';
import { measureLayersFit, measureMatMul } from './bench-measure';
import { measureTrainingThroughput } from './benchmark';
import { engineForms, setEngineFormsOverride, type AdamForm, type EngineForms, type KernelForm } from './dense';
import { runToEnd } from './run-to-end';
import type { TeacherCache } from './teacher-cache';
import { errorText } from '../core/error-text';

export interface BenchEnvironment {
  /** Make `name` the active backend; throws when it cannot start. `software`: a software GPU adapter (slow; smaller budget, one repeat). */
  useBackend(name: string): Promise<{ software: boolean; adapter?: string }>;
  loadDataset(settings: Settings): Promise<Dataset>;
  machine: Record<string, string | number>;
  /** Progress, one line at a time. */
  log(line: string): void;
}

/** The dense-layer forms compared: transposes × stack (the other forms as measured for the backend). */
export const ALL_FORMS: Pick<EngineForms, 'transposes' | 'stack'>[] = [
  { transposes: 'explicit', stack: 'split' },
  { transposes: 'explicit', stack: 'batched' },
  { transposes: 'fused', stack: 'split' },
  { transposes: 'fused', stack: 'batched' },
];

export const ADAM_FORMS: AdamForm[] = ['joined', 'per-variable', 'kernel'];

const rate = (n: number) => Math.round(n).toLocaleString('en');
const describe = (m: BenchModel) => `${m.role} ${sizesText(m.sizes)} b${m.batch}${m.students > 0 ? ` ×${m.students}` : ''}`;

/** Throughput rows of every model on the active backend. */
async function measureModels(backend: string, models: readonly BenchModel[], budgetMs: number, repeat: number, log: (line: string) => void): Promise<ModelRow[]> {
  const engine = new Map<string, number[]>();
  const baseline = new Map<string, number[]>();
  const matmul: number[] = [];
  const fitKey = (m: BenchModel) => `${sizesText(m.sizes)} b${m.batch}`;
  for (let r = 0; r < repeat; r++) {
    matmul.push(await measureMatMul(budgetMs));
    log(`${backend} [${r + 1}/${repeat}] 1024² matMul: ${matmul[r]!.toFixed(1)} GFLOP/s`);
    for (const model of models) {
      const examples = await measureTrainingThroughput(model.sizes, model.batch, budgetMs, { students: model.students });
      engine.set(modelKey(model), [...(engine.get(modelKey(model)) ?? []), examples]);
      // One single-model fit per sizes and batch serves every stack of that architecture.
      let fit = baseline.get(fitKey(model))?.[r];
      if (fit === undefined) {
        fit = await measureLayersFit(model.sizes, model.batch, budgetMs);
        baseline.set(fitKey(model), [...(baseline.get(fitKey(model)) ?? []), fit]);
      }
      log(`${backend} [${r + 1}/${repeat}] ${describe(model)}: ${rate(examples)} ex/s (Layers fit ${rate(fit / Math.max(1, model.students))})`);
    }
  }
  return models.map((model) =>
    modelRow(backend, model, {
      examplesPerSecond: median(engine.get(modelKey(model))!),
      matmulGflops: median(matmul),
      singleFitExamplesPerSecond: median(baseline.get(fitKey(model))!),
    }),
  );
}

/**
 * Throughput of each form model under each variant of the engine's forms (the
 * rest as measured for the backend), medians of `repeat`; variants interleaved
 * within each repeat so drift hits them alike. A variant the backend cannot
 * run (the Adam kernel on a GPU backend) gives NaN.
 */
async function measureVariants(variants: readonly Partial<EngineForms>[], budgetMs: number, repeat: number, models: readonly BenchModel[] = FORM_MODELS): Promise<{ model: BenchModel; examplesPerSecond: number[] }[]> {
  const out: { model: BenchModel; examplesPerSecond: number[] }[] = [];
  try {
    for (const model of models) {
      const samples = variants.map(() => [] as number[]);
      for (let r = 0; r < repeat; r++) {
        for (const [v, variant] of variants.entries()) {
          setEngineFormsOverride(variant);
          try {
            samples[v]!.push(await measureTrainingThroughput(model.sizes, model.batch, budgetMs, { students: model.students }));
          } catch {
            samples[v]!.push(Number.NaN);
          }
        }
      }
      out.push({ model, examplesPerSecond: samples.map((values) => (values.some(Number.isNaN) ? Number.NaN : median(values))) });
    }
  } finally {
    setEngineFormsOverride(null);
  }
  return out;
}

/** The four dense-layer forms (transposes × stack), on the active backend. */
async function measureForms(backend: string, budgetMs: number, repeat: number, log: (line: string) => void): Promise<FormRow[]> {
  const rows: FormRow[] = [];
  for (const { model, examplesPerSecond } of await measureVariants(ALL_FORMS, budgetMs, repeat)) {
    for (const [f, forms] of ALL_FORMS.entries()) {
      rows.push({ backend, ...forms, role: model.role, sizes: sizesText(model.sizes), students: model.students, examplesPerSecond: examplesPerSecond[f]! });
      log(`${backend} form ${forms.transposes}/${forms.stack} ${describe(model)}: ${rate(examplesPerSecond[f]!)} ex/s`);
    }
  }
  return rows;
}

/** The Adam forms (`src/engine/adam.ts`), on the active backend. */
async function measureAdamForms(backend: string, budgetMs: number, repeat: number, log: (line: string) => void): Promise<AdamFormRow[]> {
  const rows: AdamFormRow[] = [];
  for (const { model, examplesPerSecond } of await measureVariants(ADAM_FORMS.map((adam) => ({ adam })), budgetMs, repeat)) {
    for (const [f, adam] of ADAM_FORMS.entries()) {
      rows.push({ backend, adam, role: model.role, sizes: sizesText(model.sizes), students: model.students, examplesPerSecond: examplesPerSecond[f]! });
      log(`${backend} adam ${adam} ${describe(model)}: ${Number.isNaN(examplesPerSecond[f]) ? 'cannot run here' : `${rate(examplesPerSecond[f]!)} ex/s`}`);
    }
  }
  return rows;
}

const PRODUCT_FORMS: KernelForm[] = ['simd', 'tf'];

/** A training step's products by the SIMD product or by TF.js's, on a backend that runs the SIMD kernels (none elsewhere). */
async function measureProductForms(backend: string, budgetMs: number, repeat: number, log: (line: string) => void): Promise<ProductFormRow[]> {
  if (engineForms(backend).kernels !== 'simd') return [];
  const rows: ProductFormRow[] = [];
  for (const { model, examplesPerSecond } of await measureVariants(PRODUCT_FORMS.map((products) => ({ products })), budgetMs, repeat, PRODUCT_MODELS)) {
    for (const [f, products] of PRODUCT_FORMS.entries()) {
      rows.push({ backend, products, role: model.role, sizes: sizesText(model.sizes), batch: model.batch, students: model.students, examplesPerSecond: examplesPerSecond[f]! });
      log(`${backend} products ${products} ${describe(model)}: ${rate(examplesPerSecond[f]!)} ex/s`);
    }
  }
  return rows;
}

/** One preset's wall times: a fresh teacher, then the same run with the teacher from the cache. */
async function timePreset(name: string, backend: string, repeat: number, env: BenchEnvironment): Promise<PresetRow> {
  const preset = findPreset(name);
  if (!preset) throw new Error(`Unknown preset “${name}”.`);
  const dataset = await env.loadDataset(preset.settings);
  const trained: number[] = [];
  const ready: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const cache: TeacherCache = new Map();
    trained.push((await runToEnd(preset.settings, dataset, { cache })).seconds);
    ready.push((await runToEnd(preset.settings, dataset, { cache })).seconds);
    env.log(`${backend} preset ${name} [${r + 1}/${repeat}]: ${trained[r]!.toFixed(1)} s, teacher cached ${ready[r]!.toFixed(1)} s`);
  }
  return { preset: name, backend, secondsTeacherTrained: median(trained), secondsTeacherReady: median(ready) };
}


/**
 * Runs every measurement asked for. A backend that cannot start, or a
 * measurement that fails (a lost GPU device, a broken preset), is listed in
 * `skipped` with why, and the rest of the record still comes back.
 */
export async function runBenchSuite(options: BenchOptions, env: BenchEnvironment): Promise<BenchResult> {
  const result: BenchResult = { machine: { ...env.machine }, models: [], presets: [], forms: [], adamForms: [], productForms: [], skipped: [] };
  const skip = (backend: string, error: unknown, what = '') => {
    result.skipped.push({ backend, reason: `${what}${errorText(error)}` });
    env.log(`${backend}: skipped, ${what}${errorText(error)}`);
  };
  const models = presetModels();
  let tensorsBefore: number | null = null; // read once a backend is up (tf.memory() needs one)
  const didNotStart = new Set<string>();
  for (const backend of options.backends) {
    let software = false;
    try {
      const started = await env.useBackend(backend);
      software = started.software;
      if (started.adapter) result.machine.webgpuAdapter = started.adapter;
      tensorsBefore ??= tf.memory().numTensors;
    } catch (error) {
      skip(backend, error);
      didNotStart.add(backend);
      continue;
    }
    const budgetMs = software ? Math.min(options.budgetMs, options.softwareBudgetMs) : options.budgetMs;
    const repeat = software ? 1 : options.repeat;
    if (software) env.log(`${backend}: software adapter, ${budgetMs} ms per measurement, one repeat`);
    try {
      if (options.models) result.models.push(...(await measureModels(backend, models, budgetMs, repeat, env.log)));
      if (options.forms) {
        result.forms.push(...(await measureForms(backend, budgetMs, repeat, env.log)));
        result.adamForms.push(...(await measureAdamForms(backend, budgetMs, repeat, env.log)));
        result.productForms.push(...(await measureProductForms(backend, budgetMs, repeat, env.log)));
      }
    } catch (error) {
      skip(backend, error, 'throughput: ');
    }
  }
  for (const backend of options.presetBackends) {
    if (options.presets.length === 0 || didNotStart.has(backend)) continue;
    try {
      await env.useBackend(backend);
    } catch (error) {
      skip(backend, error);
      continue;
    }
    for (const name of options.presets) {
      try {
        result.presets.push(await timePreset(name, backend, options.presetRepeat, env));
      } catch (error) {
        skip(backend, error, `preset ${name}: `);
      }
    }
  }
  if (tensorsBefore !== null) result.machine.tensorsLeaked = tf.memory().numTensors - tensorsBefore;
  return result;
}
