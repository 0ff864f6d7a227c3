import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { memoryReport } from '../../workers/memory-report';
import { useNodeBackend } from '../../src/engine/node-backend';
import { useCpu } from './setup';

describe("the worker's memory report (npm run soak)", () => {
  it('counts the tensors and bytes TF.js holds, and changes nothing by reading', async () => {
    await useCpu();
    const before = memoryReport();
    expect(before).toMatchObject({ backend: 'cpu', backendBytes: null, backendBytesKind: null });
    const t = tf.zeros([10, 10]);
    expect(memoryReport()).toMatchObject({ numTensors: before.numTensors + 1, numBytes: before.numBytes + 400 });
    t.dispose();
    expect(memoryReport()).toEqual(before);
    expect(tf.memory().numTensors).toBe(before.numTensors);
  });

  it("reads the wasm heap, which holds the tensors' bytes", async () => {
    await useNodeBackend('wasm');
    const t = tf.ones([1000]);
    const report = memoryReport();
    expect(report.backend).toBe('wasm');
    expect(report.backendBytesKind).toBe('wasm heap');
    expect(report.backendBytes! % 65536).toBe(0); // whole WebAssembly pages
    expect(report.backendBytes!).toBeGreaterThanOrEqual(report.numBytes);
    t.dispose();
  });
});
