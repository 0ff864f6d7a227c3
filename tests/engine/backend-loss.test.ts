/** A lost GPU backend fails the engine's readbacks instead of leaving them waiting for ever (src/engine/backend-loss.ts). */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BackendLostError, clearBackendLoss, readBack, reportBackendLost } from '../../src/engine/backend-loss';
import { useCpu } from './setup';

beforeAll(useCpu);

describe('readbacks of a lost backend', () => {
  it('pass values through while the backend lives', async () => {
    const t = tf.tensor1d([1, 2, 3]);
    expect(Array.from(await readBack(t.data()))).toEqual([1, 2, 3]);
    t.dispose();
  });

  it('fail a read that would never settle once its backend is reported lost, and later reads at once, until started afresh', async () => {
    const never = new Promise<number>(() => undefined); // a WebGL read whose fence never passes
    const pending = readBack(never, 'webgl');
    const other = readBack(Promise.resolve(7), 'wasm');
    reportBackendLost('webgl', 'the WebGL context was lost');
    await expect(pending).rejects.toThrow(BackendLostError);
    await expect(pending).rejects.toThrow('the WebGL context was lost');
    await expect(other).resolves.toBe(7);
    await expect(readBack(Promise.resolve(1), 'webgl')).rejects.toThrow('the WebGL context was lost');
    clearBackendLoss('webgl');
    await expect(readBack(Promise.resolve(2), 'webgl')).resolves.toBe(2);
  });
});
