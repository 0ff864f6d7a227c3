/**
 * TF.js backends for Node (the command line and the engine tests): wasm
 * (SIMD, loaded from node_modules, no network), falling back to cpu; and
 * WebGPU where the optional npm package `webgpu` (Dawn, the WebGPU of Chrome)
 * is installed and finds an adapter — used by `npm run bench -- --backends webgpu`
 * on a machine with a GPU. It is not a dependency: the app and the tests never need it.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

export type NodeBackend = 'wasm' | 'cpu' | 'webgpu';

/** Use the requested backend (default wasm); returns the one actually in use. */
export async function useNodeBackend(preferred: NodeBackend = 'wasm'): Promise<{ backend: string; fallbackReason?: string; adapter?: string }> {
  if (preferred === 'webgpu') return useDawnWebGpu();
  if (preferred === 'wasm') {
    try {
      // TFJS_WASM_DIR lets a bundled copy of the command line find the .wasm files.
      const dist = process.env.TFJS_WASM_DIR ?? path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      setWasmPaths(dist + path.sep);
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return { backend: 'wasm' };
      }
    } catch (error) {
      await tf.setBackend('cpu');
      return { backend: 'cpu', fallbackReason: `wasm failed: ${(error as Error).message}` };
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu', ...(preferred === 'wasm' ? { fallbackReason: 'wasm did not initialise' } : {}) };
}

/** The little of Dawn's `navigator.gpu` used here (the full types live in @webgpu/types). */
interface DawnGpu {
  requestAdapter(options?: { powerPreference?: string }): Promise<{ info: { vendor: string; architecture: string; device: string; description: string } } | null>;
}

/** Dawn is set up once per process: a second Dawn instance aborts the process. */
let dawnWebGpu: Promise<{ backend: string; fallbackReason?: string; adapter?: string }> | null = null;

/** WebGPU through Dawn: no fallback (a bench that asks for it wants it or a reason). */
async function useDawnWebGpu(): Promise<{ backend: string; fallbackReason?: string; adapter?: string }> {
  dawnWebGpu ??= startDawnWebGpu();
  const started = await dawnWebGpu;
  if (started.backend !== 'webgpu') {
    await tf.setBackend('cpu');
    return started;
  }
  await tf.setBackend('webgpu');
  await tf.ready();
  return started;
}

async function startDawnWebGpu(): Promise<{ backend: string; fallbackReason?: string; adapter?: string }> {
  const fail = async (reason: string) => {
    await tf.setBackend('cpu');
    return { backend: 'cpu', fallbackReason: reason };
  };
  let dawn: { create(flags: string[]): DawnGpu; globals: Record<string, unknown> };
  try {
    // A variable specifier keeps bundlers and TypeScript from resolving the optional package.
    const name = 'webgpu';
    dawn = (await import(name)) as typeof dawn;
  } catch {
    return fail('WebGPU in Node needs the optional npm package `webgpu` (npm install --no-save webgpu)');
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return fail('Dawn found no WebGPU adapter (no Vulkan driver?)');
  const info = adapter.info;
  const adapterText = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) return fail(`tfjs-backend-webgpu did not start on ${adapterText}`);
  await tf.ready();
  return { backend: 'webgpu', adapter: adapterText };
}
