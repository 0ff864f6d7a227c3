/**
 * Choosing the TF.js backend in the browser by measurement, not by order.
 * A software WebGPU adapter (SwiftShader, isFallbackAdapter) is skipped by
 * rule: measured on this kind of machine it trains ~47× slower than wasm
 * (see README, "Backends"). Every other available backend is timed briefly on
 * the teacher-sized model and the fastest wins. A backend that fails to start
 * is skipped and the next one is tried.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { measureTrainingThroughput } from '../src/engine/benchmark';
import { BACKEND_NAMES, type BackendChoice, type BackendName, type BackendReport, type BackendTrial } from '../src/protocol/messages';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// Threads break under cross-origin isolation and gain nothing on 2 cores.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

const BENCH_SIZES = [2, 64, 64, 6];
const BENCH_BATCH = 64;
const BENCH_BUDGET_MS = 300;

interface GpuAdapterInfoLike {
  architecture?: string;
  vendor?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

type WebGpuState = { usable: true; software: false } | { usable: true; software: true; reason: string } | { usable: false; reason: string };

const ADAPTER_TIMEOUT_MS = 3000;
let webGpuState: Promise<WebGpuState> | null = null;

/** Whether WebGPU can start here, and whether its adapter is a software one (asked once per worker). */
function inspectWebGpu(): Promise<WebGpuState> {
  webGpuState ??= askForAdapter();
  return webGpuState;
}

async function askForAdapter(): Promise<WebGpuState> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: GpuAdapterInfoLike; isFallbackAdapter?: boolean } | null> } }).gpu;
  if (!gpu) return { usable: false, reason: 'WebGPU is not available in this browser' };
  // Some browsers never settle this promise when no adapter exists; do not wait forever.
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ADAPTER_TIMEOUT_MS));
  const adapter = await Promise.race([gpu.requestAdapter(), timeout]);
  if (adapter === 'timeout') return { usable: false, reason: `no WebGPU adapter answered within ${ADAPTER_TIMEOUT_MS / 1000} s` };
  if (!adapter) return { usable: false, reason: 'no WebGPU adapter was offered' };
  const info = adapter.info ?? {};
  if (info.isFallbackAdapter || adapter.isFallbackAdapter || /swiftshader/i.test(`${info.architecture} ${info.vendor} ${info.description}`)) {
    return { usable: true, software: true, reason: 'software adapter (SwiftShader), ~47× slower than wasm when measured' };
  }
  return { usable: true, software: false };
}

/** Switch to one backend; false (with the reason) if it cannot start. */
export async function trySetBackend(name: BackendName): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    if (name === 'webgpu') {
      const state = await inspectWebGpu();
      if (!state.usable) return { ok: false, reason: state.reason };
    }
    const ok = await tf.setBackend(name);
    if (!ok) return { ok: false, reason: `${name} did not initialise` };
    await tf.ready();
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `${name} failed: ${(error as Error).message}` };
  }
}

/** Pick and activate a backend: measured when `choice` is 'auto', else the user's pick (falling back if it fails). */
export async function selectBackend(choice: BackendChoice): Promise<BackendReport> {
  const trials: BackendTrial[] = [];
  if (choice !== 'auto') {
    const forced = await trySetBackend(choice);
    if (forced.ok) return { backend: choice, choice, reason: `chosen by you`, trials: [{ backend: choice }] };
    trials.push({ backend: choice, skipped: forced.reason });
    const fallback = await selectBackend('auto');
    return { ...fallback, choice, reason: `${choice} failed (${forced.reason}); fell back to the fastest available: ${fallback.backend}`, trials: [...trials, ...fallback.trials.filter((t) => t.backend !== choice)] };
  }

  const webgpu = await inspectWebGpu();
  for (const name of BACKEND_NAMES) {
    if (name === 'webgpu' && (!webgpu.usable || webgpu.software)) {
      trials.push({ backend: name, skipped: webgpu.reason });
      continue;
    }
    const started = await trySetBackend(name);
    if (!started.ok) {
      trials.push({ backend: name, skipped: started.reason });
      continue;
    }
    try {
      trials.push({ backend: name, examplesPerSecond: await measureTrainingThroughput(BENCH_SIZES, BENCH_BATCH, BENCH_BUDGET_MS) });
    } catch (error) {
      trials.push({ backend: name, skipped: `benchmark failed: ${(error as Error).message}` });
    }
  }
  const ranked = trials.filter((t) => t.examplesPerSecond !== undefined).sort((a, b) => b.examplesPerSecond! - a.examplesPerSecond!);
  for (const best of ranked) {
    if ((await trySetBackend(best.backend)).ok) {
      const runnerUp = ranked.find((t) => t !== best);
      const margin = runnerUp ? `, ${(best.examplesPerSecond! / runnerUp.examplesPerSecond!).toFixed(1)}× ${runnerUp.backend}` : '';
      return { backend: best.backend, choice, reason: `fastest in a ${BENCH_BUDGET_MS} ms training benchmark (${Math.round(best.examplesPerSecond!).toLocaleString('en')} examples/s${margin})`, trials };
    }
  }
  throw new Error('No TF.js backend could start in this browser (tried WebGPU, WebGL, WASM and CPU).');
}

/** The measured ranking after `current`, for falling back when a backend fails mid-run. */
export function nextBackend(report: BackendReport, current: BackendName): BackendName | null {
  const ranked = report.trials.filter((t) => t.examplesPerSecond !== undefined && t.backend !== current).sort((a, b) => b.examplesPerSecond! - a.examplesPerSecond!);
  if (ranked[0]) return ranked[0].backend;
  const order = BACKEND_NAMES.slice(BACKEND_NAMES.indexOf(current) + 1);
  return order[0] ?? null;
}
