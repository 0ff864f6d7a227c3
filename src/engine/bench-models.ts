/**
 * `npm run bench`'s vocabulary, pure (no TF.js, no DOM, no Node): the models
 * each preset trains, their arithmetic per example, medians and the ratios of
 * the record. Shared by the Node command line and the browser worker.
 */
import { PRESETS } from '../core/presets';
import { runModels } from '../core/backend-calibration';
import type { Settings } from '../core/settings';
import { trainingFlops } from '../core/model-flops';

export type BenchRole = 'teacher' | 'student';

/** One model as a run trains it: a teacher, or a stack of `students` students of one architecture. */
export interface BenchModel {
  role: BenchRole;
  sizes: number[];
  batch: number;
  /** Students trained together as one stack (0 for a teacher). */
  students: number;
}

/** One row of the record: a model on one backend. */
export interface ModelRow {
  backend: string;
  role: BenchRole;
  /** Layer sizes, e.g. "196-256-256-10". */
  sizes: string;
  batch: number;
  students: number;
  /** Per model: a stack of S students that each see B examples a step counts B. */
  examplesPerSecond: number;
  /** Achieved arithmetic (a stack counts every student's). */
  gflops: number;
  /** The same backend's 1024×1024 · 1024×1024 product, measured in the same run. */
  matmulGflops: number;
  /** gflops / matmulGflops, a fraction. */
  peakShare: number;
  /** TF.js Layers `model.fit` of the same sizes and batch (a stack: S separate fits). */
  baselineExamplesPerSecond: number;
  speedupOverBaseline: number;
}

/** One dense-layer form measured on one backend (`src/engine/dense.ts`). */
export interface FormRow {
  backend: string;
  transposes: 'explicit' | 'fused';
  stack: 'split' | 'batched';
  role: BenchRole;
  sizes: string;
  students: number;
  examplesPerSecond: number;
}

/** One Adam form measured on one backend (`src/engine/adam.ts`); NaN where the backend cannot run it. */
export interface AdamFormRow {
  backend: string;
  adam: 'joined' | 'per-variable' | 'kernel';
  role: BenchRole;
  sizes: string;
  students: number;
  examplesPerSecond: number;
}

/** A training step's products by the SIMD product or by TF.js's (`denseProduct`, wasm-kernels.ts), on one backend. */
export interface ProductFormRow {
  backend: string;
  products: 'simd' | 'tf';
  role: BenchRole;
  sizes: string;
  batch: number;
  students: number;
  examplesPerSecond: number;
}

export interface PresetRow {
  preset: string;
  backend: string;
  /** From the first epoch to the final metrics, teacher trained from scratch (data loading excluded). */
  secondsTeacherTrained: number;
  /** The same run again with the teacher taken from the cache. */
  secondsTeacherReady: number;
}

export interface BenchResult {
  machine: Record<string, string | number>;
  models: ModelRow[];
  presets: PresetRow[];
  forms: FormRow[];
  adamForms: AdamFormRow[];
  productForms: ProductFormRow[];
  /** Backends asked for that could not start, with why. */
  skipped: { backend: string; reason: string }[];
}

/** What a suite run measures; plain data, so it crosses to the worker. */
export interface BenchOptions {
  backends: string[];
  /** Time per throughput measurement. */
  budgetMs: number;
  /** Throughput measurements per row; the median is reported. */
  repeat: number;
  /** Budget for a software (SwiftShader) adapter, which is slow to compile and run. */
  softwareBudgetMs: number;
  /** Preset names to time ([] for none), each on the backends in `presetBackends`. */
  presets: string[];
  presetBackends: string[];
  presetRepeat: number;
  /** Measure every model of every preset (engine, matMul, Layers baseline) per backend. */
  models: boolean;
  /** Measure the four dense-layer forms and the Adam forms per backend. */
  forms: boolean;
}

/**
 * Preset timings by default: low-data and the lecture-scale digit presets (14×14). The full-scale presets take
 * minutes per run (tens of them with the teacher trained from scratch) and are timed only when named with --presets.
 */
export const DEFAULT_BENCH_PRESETS: string[] = PRESETS.filter((p) => p.name === 'low-data' || p.settings.dataset === 'digits-14').map((p) => p.name);

export const sizesText = (sizes: readonly number[]) => sizes.join('-');

/** The teacher and the student stacks one run with these settings trains (the models the backend calibration times). */
export function settingsModels(settings: Settings): BenchModel[] {
  const { teacher, students } = runModels(settings);
  return [
    { role: 'teacher', sizes: teacher.sizes, batch: teacher.batch, students: 0 },
    ...students.map((group): BenchModel => ({ role: 'student', sizes: group.sizes, batch: group.batch, students: group.count })),
  ];
}

export const modelKey = (m: BenchModel) => `${m.role} ${sizesText(m.sizes)} b${m.batch} x${m.students}`;

/** Every distinct model of the given presets' settings, teachers first, in preset order. */
export function presetModels(settingsList: readonly Settings[] = PRESETS.map((p) => p.settings)): BenchModel[] {
  const seen = new Map<string, BenchModel>();
  for (const settings of settingsList) for (const model of settingsModels(settings)) if (!seen.has(modelKey(model))) seen.set(modelKey(model), model);
  const all = [...seen.values()];
  return [...all.filter((m) => m.role === 'teacher'), ...all.filter((m) => m.role === 'student')];
}

/**
 * The models the dense-layer forms are compared on: the digits teacher and
 * the paper preset's student pair (where training time goes), and the toy
 * teacher and student pair (where per-operation overhead dominates).
 */
export const FORM_MODELS: BenchModel[] = [
  { role: 'teacher', sizes: [196, 256, 256, 10], batch: 128, students: 0 },
  { role: 'student', sizes: [196, 64, 64, 10], batch: 128, students: 2 },
  { role: 'teacher', sizes: [2, 64, 64, 6], batch: 64, students: 0 },
  { role: 'student', sizes: [2, 32, 32, 6], batch: 32, students: 2 },
];

/**
 * The models the product forms are compared on: the digit presets' students at their own batches (3 of
 * 196-128-128-10 as in "Omitted class", 7 of 196-64-64-10 as in the sweep, 2 of the full scale's 784-800-800-10),
 * the lecture teacher, and a toy teacher.
 */
export const PRODUCT_MODELS: BenchModel[] = [
  { role: 'student', sizes: [196, 128, 128, 10], batch: 32, students: 3 },
  { role: 'student', sizes: [196, 64, 64, 10], batch: 32, students: 7 },
  { role: 'teacher', sizes: [196, 256, 256, 10], batch: 128, students: 0 },
  { role: 'student', sizes: [784, 800, 800, 10], batch: 128, students: 2 },
  { role: 'teacher', sizes: [2, 64, 64, 6], batch: 64, students: 0 },
];

/** Floating-point operations of one training example (forward 2, backward 4 per weight), times the students of a stack. */
export function trainingFlopsPerExample(sizes: readonly number[], students: number): number {
  return trainingFlops(sizes, Math.max(1, students));
}

/** GFLOP/s of a model at this rate (examples per second per model). */
export function achievedGflops(sizes: readonly number[], students: number, examplesPerSecond: number): number {
  return (trainingFlopsPerExample(sizes, students) * examplesPerSecond) / 1e9;
}

/** GFLOP/s of an n×n · n×n product done `count` times in `seconds`. */
export function matMulGflops(n: number, count: number, seconds: number): number {
  return (2 * n ** 3 * count) / seconds / 1e9;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0–1) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** a / b, NaN when b is not a positive number. */
export function ratio(a: number, b: number): number {
  return b > 0 && Number.isFinite(b) ? a / b : Number.NaN;
}

/**
 * A row from the medians of its measurements. The baseline is one model's
 * `fit` rate; a stack of S students needs S fits, so its rate per student is that over S.
 */
export function modelRow(backend: string, model: BenchModel, medians: { examplesPerSecond: number; matmulGflops: number; singleFitExamplesPerSecond: number }): ModelRow {
  const gflops = achievedGflops(model.sizes, model.students, medians.examplesPerSecond);
  const baseline = medians.singleFitExamplesPerSecond / Math.max(1, model.students);
  return {
    backend,
    role: model.role,
    sizes: sizesText(model.sizes),
    batch: model.batch,
    students: model.students,
    examplesPerSecond: medians.examplesPerSecond,
    gflops,
    matmulGflops: medians.matmulGflops,
    peakShare: ratio(gflops, medians.matmulGflops),
    baselineExamplesPerSecond: baseline,
    speedupOverBaseline: ratio(medians.examplesPerSecond, baseline),
  };
}

/** The form with the most examples per second for each backend and role (ties: the first measured). */
export function fastestForms(rows: readonly FormRow[]): { backend: string; role: BenchRole; sizes: string; transposes: FormRow['transposes']; stack: FormRow['stack'] }[] {
  const best = new Map<string, FormRow>();
  for (const row of rows) {
    const key = `${row.backend} ${row.role} ${row.sizes} ${row.students}`;
    const current = best.get(key);
    if (!current || row.examplesPerSecond > current.examplesPerSecond) best.set(key, row);
  }
  return [...best.values()].map(({ backend, role, sizes, transposes, stack }) => ({ backend, role, sizes, transposes, stack }));
}
