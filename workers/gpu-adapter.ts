/**
 * What GPU this worker has: whether WebGPU can start and on which adapter, and
 * whether the WebGPU adapter or the WebGL renderer is a software one
 * (SwiftShader, llvmpipe), which the automatic choice does not time
 * (select-backend.ts). The adapter is asked for once per worker.
 */
import { softwareRenderer } from '../src/core/backend-calibration';
import { navigatorGpu, webGlRenderer } from './gpu-health';

export type WebGpuState = ({ usable: true; software: false } | { usable: true; software: true; reason: string; name: string } | { usable: false; reason: string }) & {
  /** The adapter in words, for the device key; null without one. */
  adapter: string | null;
};

const ADAPTER_TIMEOUT_MS = 3000;
let webGpuState: Promise<WebGpuState> | null = null;

/** Whether WebGPU can start here, and whether its adapter is a software one (asked once per worker). */
export function inspectWebGpu(): Promise<WebGpuState> {
  webGpuState ??= askForAdapter();
  return webGpuState;
}

async function askForAdapter(): Promise<WebGpuState> {
  const gpu = navigatorGpu();
  if (!gpu) return { usable: false, reason: 'WebGPU is not available in this browser', adapter: null };
  // Some browsers never settle this promise when no adapter exists; do not wait forever.
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ADAPTER_TIMEOUT_MS));
  let found: Awaited<ReturnType<typeof gpu.requestAdapter>> | 'timeout';
  try {
    found = await Promise.race([gpu.requestAdapter(), timeout]);
  } catch (error) {
    // A rejected request (a blocked or crashed GPU process) is "no WebGPU", not a page stuck choosing a backend.
    return { usable: false, reason: `requesting a WebGPU adapter failed: ${error instanceof Error ? error.message : String(error)}`, adapter: null };
  }
  if (found === 'timeout') return { usable: false, reason: `no WebGPU adapter answered within ${ADAPTER_TIMEOUT_MS / 1000} s`, adapter: null };
  if (!found) return { usable: false, reason: 'no WebGPU adapter was offered', adapter: null };
  const info = found.info ?? {};
  const adapter = [info.vendor, info.architecture, info.device, info.description].filter((part) => part).join(' ') || 'unnamed adapter';
  if (info.isFallbackAdapter || found.isFallbackAdapter || /swiftshader/i.test(adapter)) {
    const name = /swiftshader/i.test(adapter) ? 'SwiftShader' : info.description || info.vendor || 'a fallback adapter';
    return { usable: true, software: true, reason: notTimedReason('webgpu', name), name, adapter };
  }
  return { usable: true, software: false, adapter };
}

/** Why a software GPU backend (a WebGPU adapter, a WebGL renderer) is not timed for the automatic choice. */
export function notTimedReason(backend: 'webgpu' | 'webgl', name: string): string {
  const [what, api] = backend === 'webgl' ? ['renderer', 'WebGL'] : ['adapter', 'WebGPU'];
  return `software ${what} (${name}): not timed for the automatic choice, as software ${api} trains far slower than wasm; pick ${backend} to measure it here`;
}

/** The software renderer behind WebGL here (SwiftShader, llvmpipe…), and why it is not timed; null on a GPU. */
export function softwareWebGl(): { name: string; reason: string } | null {
  const name = softwareRenderer(webGlRenderer() ?? '');
  return name ? { name, reason: notTimedReason('webgl', name) } : null;
}
