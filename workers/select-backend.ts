/**
 * Choosing the TF.js backend in the browser by measurement, not by order, for
 * the models the run actually trains (see src/core/backend-calibration.ts).
 * A software WebGPU adapter (SwiftShader, isFallbackAdapter) or WebGL renderer
 * (SwiftShader, llvmpipe) is not timed for the automatic choice (on this kind
 * of machine they train ~40× and ~20× slower than wasm, and WebGL's shaders
 * took 5–7 s to compile, most of a first visit's wait; README, "Backends"): it
 * enters the ranking only once measured, when the user picks it, and then ranks
 * by that measurement like any other. Every other
 * backend is timed briefly on the run's teacher and students; the ranking by
 * the run's estimated time decides, and a backend that fails to start, to
 * measure or mid-run is skipped from then on. WebGL that can render only to
 * 16-bit float textures is refused: training turns to NaN there (gpu-health.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { measureTrainingThroughput } from '../src/engine/benchmark';
import {
  BACKEND_NAMES,
  describeModels,
  deviceKey,
  fasterOf,
  modelKey,
  modelsLabel,
  rankBackends,
  runModels,
  runWorkload,
  softwareAdapterNote,
  withTrial,
  type BackendName,
  type BackendTrial,
  type Calibration,
  type RunModels,
  type TimedModel,
} from '../src/core/backend-calibration';
import type { Settings } from '../src/core/settings';
import { forgetBackendInstance, watchGpuBackend, webGlRefusal, whyWebGpuFailed } from './gpu-health';
import { inspectWebGpu, softwareWebGl } from './gpu-adapter';
import type { BackendChoice, BackendReport, FromWorker } from '../src/protocol/messages';
import { errorText, withoutStop } from '../src/core/error-text';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// Threads break under cross-origin isolation and gain nothing on 2 cores.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

/** Time spent on each of the teacher and the students, per backend. */
const BUDGET_MS = 300;
/** Timing windows in each budget: the fastest counts (src/engine/benchmark.ts, `fastestWindowRate`). */
const TRIAL_WINDOWS = 3;

/** A trial that timed its backend, or undefined for a skipped one (or none). */
const timed = (trial: BackendTrial | undefined) => (trial && trial.skipped === undefined ? trial : undefined);

/** This device's key for stored calibrations: browser, cores and WebGPU adapter. */
async function describeDevice(): Promise<string> {
  const { adapter } = await inspectWebGpu();
  return deviceKey(navigator.userAgent, navigator.hardwareConcurrency, adapter);
}

/** Switch to one backend; false (with the reason) if it cannot start. */
async function trySetBackend(name: BackendName): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    if (name === 'webgpu') {
      const state = await inspectWebGpu();
      if (!state.usable) return { ok: false, reason: state.reason };
    }
    const ok = await tf.setBackend(name);
    // TF.js logs why a backend's factory failed but returns only false: ask again for WebGPU, to name the failure.
    if (!ok) return { ok: false, reason: name === 'webgpu' ? await whyWebGpuFailed() : `${name} did not initialise` };
    await tf.ready();
    const refused = name === 'webgl' ? webGlRefusal() : null;
    if (refused) return { ok: false, reason: refused };
    if (name === 'webgl' || name === 'webgpu') watchGpuBackend(name);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `${name} failed: ${(error as Error).message}` };
  }
}



/** Examples per second through all the students of one architecture, timed stacked as a run trains them. */
async function timeStudents(group: TimedModel, budgetMs: number, warmup: number): Promise<number> {
  return measureTrainingThroughput(group.sizes, group.batch, budgetMs, { students: group.count, warmupSteps: warmup, windows: TRIAL_WINDOWS });
}

/** Time the active backend, `backend`, on the run's teacher and students; a failure is a skipped trial with its reason. */
async function measureActive(backend: BackendName, models: RunModels): Promise<BackendTrial> {
  // GPU backends compile their shaders in the first steps; the others need one step to settle.
  const warmup = backend === 'webgpu' || backend === 'webgl' ? 3 : 1;
  try {
    const teacher = await measureTrainingThroughput(models.teacher.sizes, models.teacher.batch, BUDGET_MS, { warmupSteps: warmup, windows: TRIAL_WINDOWS });
    const students: number[] = [];
    for (const group of models.students) students.push(await timeStudents(group, BUDGET_MS / models.students.length, warmup));
    return { backend, teacher, students };
  } catch (error) {
    return { backend, skipped: `measurement failed: ${errorText(error)}` };
  }
}

/**
 * Time every usable backend on the run's models; one that cannot start or fails is skipped with its reason.
 * A software WebGPU adapter or WebGL renderer is not timed; a measurement of it in hand (`measured`, taken when the
 * user picked it) is used. `stop`, asked before each backend, cuts the list short (the backends after it are left out).
 */
async function measureBackends(
  models: RunModels,
  device: string,
  failures: ReadonlyMap<BackendName, string>,
  measured: (backend: BackendName) => BackendTrial | undefined,
  stop: () => boolean = () => false,
): Promise<Calibration> {
  const inHand = (backend: BackendName) => timed(measured(backend));
  const trials: BackendTrial[] = [];
  const webgpu = await inspectWebGpu();
  for (const backend of BACKEND_NAMES) {
    if (stop()) break;
    const failedBefore = failures.get(backend);
    if (failedBefore !== undefined) {
      trials.push({ backend, skipped: `failed earlier in this session: ${failedBefore}` });
      continue;
    }
    if (backend === 'webgpu' && (!webgpu.usable || webgpu.software)) {
      trials.push((webgpu.usable && inHand('webgpu')) || { backend, skipped: webgpu.reason });
      continue;
    }
    const started = await trySetBackend(backend);
    if (!started.ok) {
      trials.push({ backend, skipped: started.reason });
      continue;
    }
    // After it started: WebGL that would be refused (16-bit floats) says so rather than that it is software.
    const software = backend === 'webgl' ? softwareWebGl() : null;
    trials.push(software ? (inHand('webgl') ?? { backend, skipped: software.reason }) : await measureActive(backend, models));
  }
  return { device, modelKey: modelKey(models), label: modelsLabel(models), measuredAt: new Date().toISOString(), trials };
}

/**
 * The worker's backend: the user's choice, the calibrations in hand for this
 * device (measured here or sent by the page), and the backends that failed.
 * Every public method leaves a backend active and posts 'ready' with the report.
 */
export class BackendChooser {
  report: BackendReport | null = null;
  private device = '';
  private choice: BackendChoice = 'auto';
  /** This device's calibrations by model key, and which of them came from the page's storage. */
  private readonly calibrations = new Map<string, Calibration>();
  private readonly remembered = new Set<string>();
  private readonly failures = new Map<BackendName, string>();
  /** Backends timed alone for an estimate (chosen by the user), by "backend model key". */
  private readonly singleTrials = new Map<string, BackendTrial>();
  /** The settings the backend was last chosen for: those a later `refine` measures for. */
  private settings: Settings | null = null;

  constructor(private readonly post: (message: FromWorker) => void) {}

  async init(choice: BackendChoice, settings: Settings, stored: readonly Calibration[]): Promise<void> {
    this.device = await describeDevice();
    for (const calibration of stored) this.adopt(calibration);
    await this.setChoice(choice, settings, null);
  }

  async setChoice(choice: BackendChoice, settings: Settings, calibration: Calibration | null): Promise<void> {
    this.choice = choice;
    if (choice !== 'auto') this.failures.delete(choice); // picked by hand: worth another try
    this.adopt(calibration);
    this.publish(await this.choose(settings, false), true);
  }

  /** Measure again for these settings' models, whatever is in hand. */
  async recalibrate(settings: Settings): Promise<void> {
    this.publish(await this.choose(settings, true), true);
  }

  /**
   * Measure the backends again for the models the backend was last chosen for, unless that calibration is settled
   * already (or the user chose the backend): each keeps its faster figures (`fasterOf`), the page is sent the result
   * to store, and the ranking may change the backend. Quietly: no 'calibrating' status, as nobody asked. `stop`
   * (a command waiting) ends it after the backend being timed; what was measured by then is kept, unsettled.
   * Only while the worker holds no run: it switches backends as it measures.
   */
  async refine(stop: () => boolean): Promise<void> {
    const unsettled = this.settings && this.unsettled(this.settings);
    if (!unsettled) return;
    const { settings, models, key, held } = unsettled;
    let stopped = false;
    const fresh = await measureBackends(models, this.device, this.failures, (backend) => this.singleTrials.get(`${backend} ${key}`), () => (stopped ||= stop()));
    if (fresh.trials.length === 0) return; // stopped before the first backend: nothing new to keep
    await this.keepFaster(settings, held, fresh, !stopped);
  }

  /** Make the right backend active for a run with these settings (measuring if its models are new). */
  async prepare(settings: Settings, calibration: Calibration | null): Promise<void> {
    this.adopt(calibration);
    this.publish(await this.choose(settings, false), false);
  }

  /**
   * The active backend's measured throughputs on these settings' models, for
   * the run-time estimate: from the calibration in hand, or (a backend the user
   * chose, never measured on these models) timed now, alone, and remembered.
   * Null when it cannot be measured. Call after `prepare` with the same settings.
   */
  async activeTrial(settings: Settings): Promise<BackendTrial | null> {
    const backend = this.report?.backend;
    if (!backend || tf.getBackend() !== backend) return null;
    const models = runModels(settings);
    const key = modelKey(models);
    const known = this.measuredOn(backend, key);
    if (known) return known;
    const trial = await measureActive(backend, models);
    this.singleTrials.set(`${backend} ${key}`, trial);
    return timed(trial) ?? null;
  }

  /**
   * The active backend timed again on these settings' models, keeping its faster figures (as `refine` does, for
   * one backend): asked before a long-run question whose estimate rests on a calibration not yet settled, as
   * figures taken while the page loaded can overstate a run several times. Null (nothing timed) when the
   * calibration is settled, missing, or the user chose the backend.
   */
  async retimeActive(settings: Settings): Promise<BackendTrial | null> {
    const backend = this.report?.backend;
    const unsettled = this.unsettled(settings);
    if (!backend || tf.getBackend() !== backend || !unsettled) return null;
    const trial = await measureActive(backend, unsettled.models);
    if (trial.skipped !== undefined) return null;
    const faster = await this.keepFaster(settings, unsettled.held, { ...unsettled.held, measuredAt: new Date().toISOString(), trials: [trial] }, false);
    return timed(faster.trials.find((t) => t.backend === backend)) ?? null;
  }

  /** The calibration in hand for these settings' models when it may be measured again: not settled, and the choice automatic. */
  private unsettled(settings: Settings): { settings: Settings; models: RunModels; key: string; held: Calibration } | null {
    const models = runModels(settings);
    const key = modelKey(models);
    const held = this.calibrations.get(key);
    return this.choice === 'auto' && held && !held.settled ? { settings, models, key, held } : null;
  }

  /** `held` with `fresh`'s faster figures (`fasterOf`): kept, measured in this page, sent to the page to store, and ranked again. */
  private async keepFaster(settings: Settings, held: Calibration, fresh: Calibration, complete: boolean): Promise<Calibration> {
    const faster = fasterOf(held, fresh, complete);
    this.calibrations.set(faster.modelKey, faster);
    this.remembered.delete(faster.modelKey);
    this.post({ type: 'calibration', calibration: faster });
    this.publish(await this.choose(settings, false), false);
    return faster;
  }

  /** A backend's figures on the models of `key`: from the calibration in hand, or timed alone; undefined if neither timed it. */
  private measuredOn(backend: BackendName, key: string): BackendTrial | undefined {
    return timed(this.calibrations.get(key)?.trials.find((t) => t.backend === backend)) ?? timed(this.singleTrials.get(`${backend} ${key}`));
  }

  /**
   * The active backend died mid-run: skip it from now on and switch to the
   * next in the measured ranking. Null when none is left.
   */
  async fallBack(settings: Settings, reason: string): Promise<BackendReport | null> {
    const from = this.report?.backend ?? (tf.getBackend() as BackendName);
    this.failures.set(from, reason);
    if (from === 'webgpu' || from === 'webgl') forgetBackendInstance(from);
    // A backend the user chose has failed: from now on the measured ranking decides.
    this.choice = 'auto';
    try {
      const next = await this.choose(settings, false);
      this.publish({ ...next, reason: `${from} failed during training (${reason}); switched to ${next.backend}, the next fastest measured` }, true);
      return this.report;
    } catch {
      return null;
    }
  }

  /** A backend skipped for a failure that was not its own (the run diverged on the next backend too): it may be chosen again. */
  forgive(backend: BackendName): void {
    this.failures.delete(backend);
  }

  /** A calibration from the page, if it is for this device and newer than the one in hand. */
  private adopt(calibration: Calibration | null): void {
    if (!calibration || calibration.device !== this.device) return;
    const held = this.calibrations.get(calibration.modelKey);
    if (held && Date.parse(held.measuredAt) >= Date.parse(calibration.measuredAt)) return;
    this.calibrations.set(calibration.modelKey, calibration);
    this.remembered.add(calibration.modelKey);
  }

  private async choose(settings: Settings, measureAgain: boolean): Promise<BackendReport> {
    this.settings = settings;
    const models = runModels(settings);
    const report = (rest: Omit<BackendReport, 'device' | 'models' | 'failures'>): BackendReport => ({ ...rest, device: this.device, models: describeModels(models), failures: this.failureList() });
    if (this.choice !== 'auto') {
      const forced = this.choice;
      const started = this.failures.has(forced) ? { ok: false as const, reason: this.failures.get(forced)! } : await trySetBackend(forced);
      if (started.ok) {
        const software = forced === 'webgpu' || forced === 'webgl' ? await this.softwareGpuNote(forced, settings) : null;
        return report({ backend: forced, choice: forced, reason: software ? `chosen by you, ${software}` : 'chosen by you', calibration: null, remembered: false, ranking: [] });
      }
      this.failures.set(forced, started.reason);
      this.choice = 'auto';
      const fallback = await this.choose(settings, measureAgain);
      // A notice as well as the backend line: the choice the user made did not hold.
      this.post({ type: 'backend-fallback', from: forced, to: fallback.backend, message: `${forced} could not start: ${withoutStop(started.reason)}. Switched to ${fallback.backend}, the fastest measured; your settings are kept.` });
      return { ...fallback, reason: `${forced} failed (${started.reason}); fell back to the fastest available: ${fallback.backend}` };
    }

    const key = modelKey(models);
    let calibration = measureAgain ? undefined : this.calibrations.get(key);
    if (!calibration) {
      this.post({ type: 'calibrating', label: modelsLabel(models) });
      calibration = await measureBackends(models, this.device, this.failures, (backend) => this.singleTrials.get(`${backend} ${key}`));
      this.calibrations.set(key, calibration);
      this.remembered.delete(key);
      this.post({ type: 'calibration', calibration });
    }
    const ranking = rankBackends(calibration, runWorkload(settings), this.failures.keys());
    for (const [i, entry] of ranking.entries()) {
      const started = await trySetBackend(entry.backend);
      if (started.ok) {
        const reason = `fastest in a ${BUDGET_MS} ms training benchmark of each model`;
        return report({ backend: entry.backend, choice: 'auto', reason, calibration, remembered: this.remembered.has(key), ranking: ranking.slice(i) });
      }
      this.failures.set(entry.backend, started.reason);
    }
    // Nothing measured can start (e.g. every measurement failed): take any backend that does.
    for (const backend of BACKEND_NAMES) {
      if (!this.failures.has(backend) && (await trySetBackend(backend)).ok) {
        return report({ backend, choice: 'auto', reason: 'no measured backend could start; this one did', calibration, remembered: this.remembered.has(key), ranking: [] });
      }
    }
    throw new Error('No TF.js backend could start in this browser (tried WebGPU, WebGL, WASM and CPU).');
  }

  /**
   * With WebGPU (or WebGL) active on a software adapter (or renderer): that in words with its measured speed against
   * wasm, e.g. "on a software adapter (SwiftShader): measured 38× slower than wasm here" (null on a GPU). Both are
   * timed on the run's models unless measured already; the GPU backend's figures join the calibration in hand, so
   * the automatic choice ranks it by them (after wasm unless it is faster).
   */
  private async softwareGpuNote(gpu: 'webgpu' | 'webgl', settings: Settings): Promise<string | null> {
    let name: string;
    if (gpu === 'webgpu') {
      const state = await inspectWebGpu();
      if (!state.usable || !state.software) return null;
      name = state.name;
    } else {
      const software = softwareWebGl();
      if (!software) return null;
      name = software.name;
    }
    const models = runModels(settings);
    const key = modelKey(models);
    const held = this.calibrations.get(key);
    let mine = this.measuredOn(gpu, key);
    if (!mine) {
      this.post({ type: 'calibrating', label: modelsLabel(models) });
      mine = await measureActive(gpu, models);
      this.singleTrials.set(`${gpu} ${key}`, mine);
    }
    let wasm = this.measuredOn('wasm', key);
    if (!wasm && !this.failures.has('wasm') && (await trySetBackend('wasm')).ok) {
      wasm = await measureActive('wasm', models);
      this.singleTrials.set(`wasm ${key}`, wasm);
    }
    await trySetBackend(gpu);
    if (held && mine.skipped === undefined) {
      const updated = withTrial(held, mine);
      this.calibrations.set(key, updated);
      this.post({ type: 'calibration', calibration: updated });
    }
    return softwareAdapterNote(name, mine, wasm ?? null, runWorkload(settings));
  }

  private failureList(): BackendReport['failures'] {
    return [...this.failures].map(([backend, reason]) => ({ backend, reason }));
  }

  /** Keep the report and tell the page; only when it changed unless `always`. */
  private publish(report: BackendReport, always: boolean): void {
    const changed = JSON.stringify(report) !== JSON.stringify(this.report);
    this.report = report;
    if (always || changed) this.post({ type: 'ready', backend: report });
  }
}
