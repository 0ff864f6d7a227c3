/**
 * `npm run bench -- --browser`, inside the app's training worker: the same
 * suite as in Node, on the browser's backends, with the machine described by
 * what a page can see (user agent, cores, the WebGL renderer, the WebGPU adapter).
 * No Node imports. Backends are switched with `tf.setBackend`; the page is a
 * bench page (`?bench`), not used for training afterwards.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../datasets/types';
import type { Settings } from '../core/settings';
import type { BenchOptions, BenchResult } from './bench-models';
import { runBenchSuite } from './bench-suite';

interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
type GpuLike = { requestAdapter(): Promise<{ info?: AdapterInfo; isFallbackAdapter?: boolean } | null> };

const SOFTWARE = /swiftshader|llvmpipe|software|basic render/i;

/** The WebGPU adapter in words, and whether it is a software one; null without one. */
async function webGpuAdapter(): Promise<{ text: string; software: boolean } | null> {
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu) return null;
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000));
  const adapter = await Promise.race([gpu.requestAdapter(), timeout]);
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const text = [info.vendor, info.architecture, info.device, info.description].filter((p) => p).join(' ') || 'unnamed adapter';
  const software = Boolean(info.isFallbackAdapter || adapter.isFallbackAdapter || SOFTWARE.test(text));
  return { text, software };
}

/** The WebGL renderer string (unmasked where the browser allows), or null. */
function webGlRenderer(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return null;
  }
}

export async function runBrowserBench(options: BenchOptions, loadDataset: (settings: Settings) => Promise<Dataset>, log: (line: string) => void = console.log): Promise<BenchResult> {
  const gpu = await webGpuAdapter();
  const renderer = webGlRenderer();
  const machine: Record<string, string | number> = {
    userAgent: navigator.userAgent,
    cores: navigator.hardwareConcurrency,
    webglAdapter: renderer ? `${renderer}${SOFTWARE.test(renderer) ? ' (software adapter)' : ''}` : 'none',
    webgpuAdapter: gpu ? `${gpu.text}${gpu.software ? ' (software adapter)' : ''}` : 'none',
  };
  const before = tf.getBackend();
  try {
    return await runBenchSuite(options, {
      machine,
      log,
      loadDataset,
      async useBackend(name) {
        if (name === 'webgpu' && !gpu) throw new Error('no WebGPU adapter');
        if (!(await tf.setBackend(name))) throw new Error(`${name} did not start`);
        await tf.ready();
        // A software WebGPU adapter compiles and runs slowly: a small budget, once. (Software WebGL keeps the budget.)
        return { software: name === 'webgpu' && gpu!.software };
      },
    });
  } finally {
    if (before) await tf.setBackend(before);
  }
}
