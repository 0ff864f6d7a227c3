/**
 * The wasm heap a large run needs, grown before its first batches in chunks of work (batch-pieces.ts HeapReserve),
 * so that Pause acts between chunks instead of waiting for one long growth inside a batch or at the run's set-up.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { HeapReserve, RESERVE_CHUNK_FLOATS } from '../../src/engine/batch-pieces';
import { useNodeBackend } from '../../src/engine/node-backend';
import { useCpu } from './setup';

const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;

afterAll(useCpu);

describe('the heap reserve of a large run', () => {
  it('on wasm grows the heap by the reserve, one chunk a unit, and frees every chunk after the last', async () => {
    await useNodeBackend('wasm');
    const tensors = tf.memory().numTensors;
    const heapBefore = heapBytes();
    // Bigger than the heap already is, so that it must grow: 2½ chunks.
    const floats = Math.max(heapBefore / 4, 2 * RESERVE_CHUNK_FLOATS) + RESERVE_CHUNK_FLOATS / 2;
    const reserve = new HeapReserve(floats);
    let units = 0;
    while (!reserve.done) {
      reserve.next();
      units++;
      // Kept while the reserve grows; all freed with the last.
      expect(tf.memory().numTensors).toBe(reserve.done ? tensors : tensors + units);
    }
    expect(units).toBe(Math.ceil(floats / RESERVE_CHUNK_FLOATS));
    expect(heapBytes()).toBeGreaterThanOrEqual(4 * floats);
    // The memory stays the heap's: the same reserve again needs no growth.
    const grown = heapBytes();
    const again = new HeapReserve(floats);
    while (!again.done) again.next();
    expect(heapBytes()).toBe(grown);
  });

  it('has nothing to do when the heap already has that much room beyond the tensors alive', async () => {
    await useNodeBackend('wasm');
    const room = (heapBytes() - tf.memory().numBytes) / 4;
    expect(room).toBeGreaterThan(RESERVE_CHUNK_FLOATS); // the test above grew it
    expect(new HeapReserve(RESERVE_CHUNK_FLOATS).done).toBe(true);
    expect(new HeapReserve(room + RESERVE_CHUNK_FLOATS).done).toBe(false);
  });

  it('frees the chunks made so far when the run is dropped in the middle', async () => {
    await useNodeBackend('wasm');
    const tensors = tf.memory().numTensors;
    // More than the heap holds, so that the reserve has work to do.
    const reserve = new HeapReserve(heapBytes() / 4 + 3 * RESERVE_CHUNK_FLOATS);
    reserve.next();
    reserve.next();
    expect(tf.memory().numTensors).toBe(tensors + 2);
    reserve.dispose();
    expect(reserve.done).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('is nothing to do on other backends, or for a small model', async () => {
    await useCpu();
    expect(new HeapReserve(1e9).done).toBe(true);
    await useNodeBackend('wasm');
    expect(new HeapReserve(1000).done).toBe(true);
  });
});
