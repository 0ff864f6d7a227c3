/**
 * Choosing the TF.js backend for the work at hand, as pure data: the model
 * sizes a run trains (its calibration key), the measured throughputs of each
 * backend on those sizes, the ranking by the run's estimated training time,
 * the record of calibrations the page keeps per device and model size, and
 * the sentence the UI shows. The measuring itself happens in the worker.
 *
 * Why per model size: per-operation overhead dominates the tiny 2-D models,
 * arithmetic the digits ones, so the fastest backend for one says little
 * about the other (a GPU that loses on 2-64-64-6 may win on 784-1200-1200-10).
 */
import { studentGroups, studentSpecs } from './roster';
import { DATASET_CLASS_COUNTS, isImageDataset, layersOf, type DatasetName, type Settings } from './settings';

export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export const isBackendName = (name: unknown): name is BackendName => (BACKEND_NAMES as readonly unknown[]).includes(name);

/** One model (or stack of `count` students) as timed: layer sizes input…classes, and its batch size. */
export interface TimedModel {
  sizes: number[];
  batch: number;
  /** Students trained together as one stacked model; 1 for the teacher. */
  count: number;
}

/** The models a run trains: what a calibration is valid for. */
export interface RunModels {
  family: 'digits' | '2-D';
  teacher: TimedModel;
  /** One entry per student architecture, in roster order. */
  students: TimedModel[];
}

/** Input size of each dataset's examples: 2-D points, or the pixels of a square digit. */
export function datasetInputSize(name: DatasetName): number {
  if (name === 'digits-14') return 14 * 14;
  if (name === 'digits-28') return 28 * 28;
  return 2;
}

export function runModels(settings: Settings): RunModels {
  const input = datasetInputSize(settings.dataset);
  const classes = DATASET_CLASS_COUNTS[settings.dataset];
  const sizes = (layers: string) => [input, ...layersOf(layers), classes];
  return {
    family: isImageDataset(settings.dataset) ? 'digits' : '2-D',
    teacher: { sizes: sizes(settings.teacherLayers), batch: settings.teacherBatchSize, count: 1 },
    students: studentGroups(studentSpecs(settings)).map((group) => ({ sizes: sizes(group.layers), batch: settings.batchSize, count: group.members.length })),
  };
}

const modelText = (m: TimedModel) => `${m.count > 1 ? `${m.count}×` : ''}${m.sizes.join('-')}/${m.batch}`;

/** The key calibrations are stored under, e.g. "teacher 196-256-256-10/128; students 2×196-64-64-10/128". */
export function modelKey(models: RunModels): string {
  return `teacher ${modelText(models.teacher)}; students ${models.students.map(modelText).join(' + ')}`;
}

/** "digits models" or "2-D models": how the UI names a run's model size. */
export const modelsLabel = (models: RunModels) => `${models.family} models`;

/** The models in words, e.g. "teacher 2-64-64-6 (batch 64), 2 students 2-32-32-6 (batch 32)". */
export function describeModels(models: RunModels): string {
  const { teacher, students } = models;
  const student = (m: TimedModel) => `${m.count} student${m.count === 1 ? '' : 's'} ${m.sizes.join('-')} (batch ${m.batch})`;
  return [`teacher ${teacher.sizes.join('-')} (batch ${teacher.batch})`, ...students.map(student)].join(', ');
}

/**
 * How much training a run does, in passes over its training set: the teacher's
 * epochs, and the students' epochs times the share of the data they see. The
 * training-set size multiplies both alike, so the ranking does not need it.
 */
export interface RunWorkload {
  teacherPasses: number;
  studentPasses: number;
}

export const runWorkload = (settings: Settings): RunWorkload => ({
  teacherPasses: settings.teacherEpochs,
  studentPasses: settings.studentEpochs * settings.studentFraction,
});

/** What was measured, or why not, for one backend. */
export interface BackendTrial {
  backend: BackendName;
  /** The teacher's training examples per second. */
  teacher?: number;
  /** Per student architecture (as in RunModels.students): examples per second through all its students together. */
  students?: number[];
  /** Why it was not measured or failed, e.g. "software adapter (SwiftShader)". */
  skipped?: string;
}

/** The throughputs of every backend on one device for one model size. */
export interface Calibration {
  device: string;
  modelKey: string;
  /** "digits models" or "2-D models". */
  label: string;
  /** ISO date and time of the measurement. */
  measuredAt: string;
  trials: BackendTrial[];
  /**
   * Measured again once the page had been quiet, each backend keeping its faster figures (`fasterOf`). A trial
   * taken as the page loads shares the two cores with it: the lecture teacher was timed at 4,100–16,700 examples/s
   * on first visits and at 22,000–34,800 a few seconds later. Absent: not yet (the worker does it when idle).
   */
  settled?: true;
}

export interface RankedBackend {
  backend: BackendName;
  /** Estimated training seconds per example of the training set (multiply by its size for seconds). */
  cost: number;
}

/** The run's estimated cost on one measured backend; null when it was skipped or its figures do not fit. */
export function estimatedCost(trial: BackendTrial, workload: RunWorkload): number | null {
  const { teacher, students } = trial;
  if (trial.skipped !== undefined || teacher === undefined || !students || students.length === 0) return null;
  if (![teacher, ...students].every((rate) => Number.isFinite(rate) && rate > 0)) return null;
  return workload.teacherPasses / teacher + students.reduce((sum, rate) => sum + workload.studentPasses / rate, 0);
}

/** Measured backends from fastest to slowest for this run's work, leaving out `exclude` (e.g. those that failed). */
export function rankBackends(calibration: Calibration, workload: RunWorkload, exclude: Iterable<BackendName> = []): RankedBackend[] {
  const left = new Set(exclude);
  return calibration.trials
    .flatMap((trial) => {
      const cost = estimatedCost(trial, workload);
      return cost === null || left.has(trial.backend) ? [] : [{ backend: trial.backend, cost }];
    })
    .sort((a, b) => a.cost - b.cost);
}

/** The calibration with `trial` in place of its backend's entry (a backend measured later, alone). */
export function withTrial(calibration: Calibration, trial: BackendTrial): Calibration {
  const others = calibration.trials.filter((t) => t.backend !== trial.backend);
  const trials = BACKEND_NAMES.flatMap((name) => (name === trial.backend ? [trial] : others.filter((t) => t.backend === name)));
  return { ...calibration, trials };
}

const sameShape = (a: BackendTrial, b: BackendTrial) => a.teacher !== undefined && b.teacher !== undefined && a.students?.length === b.students?.length;

/**
 * `held` measured again (`fresh`, the same models): each backend timed in both keeps its faster figures, as load
 * on the device only ever slows a trial; one timed in only one of them keeps that; one that failed or was skipped
 * in `fresh` is taken from it (it is the newer word). `complete`: fresh timed every backend it could (not cut short
 * by a command), so the result is settled. Different models (keys) or devices: `fresh` alone.
 */
export function fasterOf(held: Calibration, fresh: Calibration, complete: boolean): Calibration {
  if (held.modelKey !== fresh.modelKey || held.device !== fresh.device) return fresh;
  const trials = BACKEND_NAMES.flatMap((name) => {
    const [old, now] = [held.trials.find((t) => t.backend === name), fresh.trials.find((t) => t.backend === name)];
    if (!now) return old ? [old] : [];
    if (!old || now.skipped !== undefined || old.skipped !== undefined || !sameShape(old, now)) return [now];
    return [{ backend: name, teacher: Math.max(old.teacher!, now.teacher!), students: now.students!.map((rate, i) => Math.max(rate, old.students![i]!)) }];
  });
  return { ...held, measuredAt: fresh.measuredAt, trials, ...(complete ? { settled: true as const } : {}) };
}

const timesText = (ratio: number) => `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}×`;

/**
 * The software renderer behind a WebGL renderer string (WEBGL_debug_renderer_info), e.g. "SwiftShader" from
 * "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)"; null for a GPU.
 * These draw on the CPU: TF.js's WebGL backend trains there ~20× slower than wasm (README, "Backends").
 */
export function softwareRenderer(renderer: string): string | null {
  const known: [RegExp, string][] = [[/swiftshader/i, 'SwiftShader'], [/llvmpipe/i, 'llvmpipe'], [/lavapipe/i, 'lavapipe'], [/softpipe/i, 'softpipe'], [/basic render driver/i, 'Microsoft Basic Render Driver']];
  return known.find(([pattern]) => pattern.test(renderer))?.[1] ?? null;
}

/**
 * A software GPU backend (a WebGPU adapter or a WebGL renderer) and its measured speed against wasm for this run's
 * work, e.g. "on a software adapter (SwiftShader): measured 38× slower than wasm here".
 */
export function softwareAdapterNote(adapter: string, gpu: BackendTrial, wasm: BackendTrial | null, workload: RunWorkload): string {
  const what = `on a software ${gpu.backend === 'webgl' ? 'renderer' : 'adapter'} (${adapter})`;
  const mine = estimatedCost(gpu, workload);
  const theirs = wasm ? estimatedCost(wasm, workload) : null;
  if (mine === null) return `${what}: its speed could not be measured here${gpu.skipped ? ` (${gpu.skipped})` : ''}`;
  if (theirs === null) return `${what}: wasm could not be measured here to compare`;
  return mine >= theirs ? `${what}: measured ${timesText(mine / theirs)} slower than wasm here` : `${what}: measured ${timesText(theirs / mine)} faster than wasm here`;
}

/** The sentence shown, e.g. "digits models: webgl, 3.1× wasm on this device". */
export function rankingSentence(label: string, ranking: readonly RankedBackend[]): string {
  const [best, next] = ranking;
  if (!best) return `${label}: no backend could be measured on this device`;
  if (!next) return `${label}: ${best.backend}, the only backend measured on this device`;
  return `${label}: ${best.backend}, ${(next.cost / best.cost).toFixed(1)}× ${next.backend} on this device`;
}

/** The device a calibration belongs to: the browser, its cores, and the WebGPU adapter when there is one. */
export function deviceKey(userAgent: string, cores: number | undefined, adapter: string | null): string {
  return `${userAgent} | ${cores ?? '?'} cores | ${adapter ? `WebGPU ${adapter}` : 'no WebGPU adapter'}`;
}

// ——— the page's stored record ———

export const CALIBRATIONS_STORAGE_KEY = 'dkl.backend-calibrations.v1';
/** Oldest calibrations beyond this many are dropped, so the record stays small. */
const MAX_STORED = 40;

export function findCalibration(list: readonly Calibration[], device: string, key: string): Calibration | undefined {
  return list.find((c) => c.device === device && c.modelKey === key);
}

/** The list with `calibration` replacing any for the same device and model size; newest first, at most MAX_STORED. */
export function withCalibration(list: readonly Calibration[], calibration: Calibration): Calibration[] {
  const others = list.filter((c) => c.device !== calibration.device || c.modelKey !== calibration.modelKey);
  return [calibration, ...others].sort((a, b) => Date.parse(b.measuredAt) - Date.parse(a.measuredAt)).slice(0, MAX_STORED);
}

export const serializeCalibrations = (list: readonly Calibration[]) => JSON.stringify({ version: 1, calibrations: list });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isRate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

function parseTrial(value: unknown): BackendTrial | null {
  if (!isRecord(value) || !isBackendName(value.backend)) return null;
  if (typeof value.skipped === 'string') return { backend: value.backend, skipped: value.skipped };
  const { teacher, students } = value;
  if (!isRate(teacher) || !Array.isArray(students) || students.length === 0 || !students.every(isRate)) return null;
  return { backend: value.backend, teacher, students: [...students] };
}

function parseCalibration(value: unknown): Calibration | null {
  if (!isRecord(value)) return null;
  const { device, modelKey: key, label, measuredAt, trials, settled } = value;
  if (typeof device !== 'string' || typeof key !== 'string' || typeof label !== 'string') return null;
  if (typeof measuredAt !== 'string' || Number.isNaN(Date.parse(measuredAt)) || !Array.isArray(trials)) return null;
  const parsed = trials.map(parseTrial);
  if (parsed.some((t) => t === null)) return null;
  return { device, modelKey: key, label, measuredAt, trials: parsed as BackendTrial[], ...(settled === true ? { settled: true as const } : {}) };
}

/**
 * Read the stored record; never throws. Anything unreadable is ignored, and
 * `problem` says what (null when all was well or nothing was stored).
 */
export function parseStoredCalibrations(text: string | null): { calibrations: Calibration[]; problem: string | null } {
  if (text === null || text === '') return { calibrations: [], problem: null };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { calibrations: [], problem: 'the stored backend measurements are not valid JSON and were ignored' };
  }
  if (!isRecord(data) || data.version !== 1 || !Array.isArray(data.calibrations)) {
    return { calibrations: [], problem: 'the stored backend measurements are in an unknown format and were ignored' };
  }
  const parsed = data.calibrations.map(parseCalibration);
  const calibrations = parsed.filter((c): c is Calibration => c !== null);
  const bad = parsed.length - calibrations.length;
  return { calibrations, problem: bad > 0 ? `${bad} stored backend measurement${bad === 1 ? ' was' : 's were'} unreadable and ignored` : null };
}

/** Runs estimated to take longer than this ask before they start (the full-scale paper run takes minutes). */
export const LONG_RUN_SECONDS = 60;

/**
 * Seconds of training this run will take on a measured backend: the teacher's
 * epochs (none when a shipped, stored or cached teacher is used) and the
 * students', over `trainCount` training examples. Evaluation is not counted;
 * null when the backend was not measured.
 */
export function estimatedRunSeconds(trial: BackendTrial, settings: Settings, trainCount: number, teacherReady: boolean): number | null {
  const workload = runWorkload(settings);
  const cost = estimatedCost(trial, teacherReady ? { ...workload, teacherPasses: 0 } : workload);
  return cost === null ? null : cost * trainCount;
}

/** "about 40 s", "about 9 min", "about 1 h 20 min". */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'an unknown time';
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} min`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
