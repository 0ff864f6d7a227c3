/**
 * The answer to the worker's read-only 'memory' message (`npm run soak`): what
 * TF.js holds in this worker now. It reads the engine's counters and the
 * active backend without touching anything: no backend is started or chosen
 * by asking (tf.memory() would start the best one if none were set, and throws
 * while one is starting), no tensor is made.
 *
 * Wired into the worker's message handler by two lines, answered at once
 * (before the queue of commands, and with no 'state' after it: it changes nothing):
 *   import { memoryReport } from './memory-report';
 *   if (event.data.type === 'memory') return post({ type: 'memory', ...memoryReport() });
 */
import * as tf from '@tensorflow/tfjs';
import type { MemoryReport } from '../src/protocol/messages';

/** What a backend instance may offer to read its own memory; every part optional. */
export interface BackendMemorySource {
  /** wasm: the Emscripten module, whose heap is one WebAssembly.Memory. */
  wasm?: { HEAPU8?: { buffer: { byteLength: number } } };
  /** webgl: numBytesInGPUAllocated; webgpu: numBytesAllocatedInGPU. */
  memory?: () => object;
}

/** The memory a backend holds itself (not the tensor count's bytes), or nulls where it has none of its own (cpu) or cannot say. */
export function backendBytes(backend: string, instance: BackendMemorySource): Pick<MemoryReport, 'backendBytes' | 'backendBytesKind'> {
  const none = { backendBytes: null, backendBytesKind: null };
  try {
    if (backend === 'wasm') {
      const bytes = instance.wasm?.HEAPU8?.buffer.byteLength;
      return typeof bytes === 'number' ? { backendBytes: bytes, backendBytesKind: 'wasm heap' } : none;
    }
    const field = backend === 'webgl' ? 'numBytesInGPUAllocated' : backend === 'webgpu' ? 'numBytesAllocatedInGPU' : null;
    if (!field || !instance.memory) return none;
    const bytes = (instance.memory() as Record<string, unknown>)[field];
    return typeof bytes === 'number' ? { backendBytes: bytes, backendBytesKind: 'GPU memory allocated' } : none;
  } catch {
    return none; // a lost GPU device may refuse to answer
  }
}

export function memoryReport(): MemoryReport {
  const engine = tf.engine();
  const { numTensors, numBytes } = engine.state;
  // The backend set last, if it has finished starting (it is in the registry only then).
  const name: string | null = engine.backendName ?? null;
  const instance = name !== null ? engine.registry[name] : undefined;
  if (name === null || !instance) return { numTensors, numBytes, backend: null, backendBytes: null, backendBytesKind: null };
  return { numTensors, numBytes, backend: name, ...backendBytes(name, instance as unknown as BackendMemorySource) };
}
