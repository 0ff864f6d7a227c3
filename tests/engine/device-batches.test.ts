import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { jitteredBatch } from '../../datasets/augment';
import { createRng } from '../../src/core/rng';
import { DeviceJitter, EpochOrder, hostRows } from '../../src/engine/device-batches';
import { DropoutMasks } from '../../src/engine/dropout-masks';
import { shuffledIndices } from '../../src/core/rng';
import { useCpu } from './setup';

beforeAll(useCpu);

describe('batches on the device', () => {
  it('shifts images exactly as the CPU jitter does, for the same random draws', async () => {
    for (const [side, maxShift] of [[14, 1], [28, 2], [5, 2]] as const) {
      const images = 40;
      const data = Float32Array.from({ length: images * side * side }, (_, i) => ((i * 7919) % 101) / 100);
      const indices = Int32Array.from({ length: 33 }, (_, k) => (k * 13) % images);
      const expected = jitteredBatch(data, indices, side, maxShift, createRng(9));
      const jitter = new DeviceJitter(side, maxShift);
      const x = tf.tensor2d(data, [images, side * side]);
      const [shifts] = jitter.drawShifts(indices.length, indices.length, createRng(9));
      const shifted = tf.tidy(() => jitter.apply(tf.gather(x, tf.tensor1d(indices, 'int32')), shifts!));
      const actual = await shifted.data();
      expect(Array.from(actual)).toEqual(Array.from(expected));
      tf.dispose([x, shifts!, shifted]);
      jitter.dispose();
    }
  });

  it('slices an epoch into the same batches as the shuffled order, the last one short', async () => {
    const order = new EpochOrder(10, 4, createRng(3));
    const expected = shuffledIndices(10, createRng(3));
    expect(order.batchCount).toBe(3);
    const batches = [];
    for (let k = 0; k < order.batchCount; k++) {
      batches.push(...(await order.batch(k).data()));
    }
    expect(batches).toEqual(Array.from(expected));
    const before = tf.memory().numTensors;
    order.dispose();
    expect(tf.memory().numTensors).toBe(before - 3);
  });

  it('cuts the same batches on the host (upload) as the device gathers (gather), plain and stacked', async () => {
    const rows = 9;
    const plain = Float32Array.from({ length: rows * 3 }, (_, i) => i);
    const stacked = Float32Array.from({ length: 2 * rows * 4 }, (_, i) => 100 + i);
    const sources = [hostRows(plain, tf.tensor2d(plain, [rows, 3]), rows, 3), hostRows(stacked, tf.tensor3d(stacked, [2, rows, 4]), rows, 4, 2)];
    const read = async (form: 'upload' | 'gather') => {
      const order = new EpochOrder(rows, 4, createRng(5), form);
      order.prepare(sources);
      const out: number[][] = [];
      for (let k = 0; k < order.batchCount; k++) {
        for (const source of sources) {
          const batch = tf.tidy(() => tf.clone(order.rows(source, k)));
          out.push([...batch.shape, ...(await batch.data())]);
          batch.dispose();
        }
      }
      order.dispose();
      return out;
    };
    const before = tf.memory().numTensors;
    expect(await read('upload')).toEqual(await read('gather'));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(sources.map((s) => s.device));
  });
});

describe('dropout masks', () => {
  it('are 0 or 1/(1 − rate), drop about `rate` of the units, and repeat for the same seed', async () => {
    const masks = new DropoutMasks(64, [50, 30], 0.25, createRng(4));
    const again = new DropoutMasks(64, [50, 30], 0.25, createRng(4));
    const [a, b] = [masks.pick(64, createRng(8)), again.pick(64, createRng(8))];
    const values = (await a[0]!.data()) as Float32Array;
    expect(new Set(values)).toEqual(new Set([0, Math.fround(1 / 0.75)]));
    const dropped = values.filter((v) => v === 0).length / values.length;
    expect(dropped).toBeGreaterThan(0.2);
    expect(dropped).toBeLessThan(0.3);
    expect(Array.from(await b[0]!.data())).toEqual(Array.from(values));
    expect(a[1]!.shape).toEqual([64, 30]);
    const short = tf.tidy(() => masks.pick(10, createRng(8)).map((m) => tf.clone(m)));
    expect(short.map((m) => m.shape)).toEqual([[10, 50], [10, 30]]);
    tf.dispose(short);
    masks.dispose();
    again.dispose();
  });
});
