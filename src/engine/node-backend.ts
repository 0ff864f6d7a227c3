/**
 * TF.js backends for Node (the command line and the engine tests): wasm
 * (SIMD, loaded from node_modules, no network), falling back to cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

export type NodeBackend = 'wasm' | 'cpu';

/** Use the requested backend (default wasm); returns the one actually in use. */
export async function useNodeBackend(preferred: NodeBackend = 'wasm'): Promise<{ backend: string; fallbackReason?: string }> {
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
