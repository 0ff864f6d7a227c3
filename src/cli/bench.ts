/**
 * `npm run bench`: training throughput of the simulator's models on the Node
 * backends, and the wall time of one default experiment. Prints figures; no
 * pass/fail (timing goals live here, not in the tests).
 */
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../../datasets/index';
import { DEFAULT_SETTINGS } from '../core/settings';
import { measureTrainingThroughput } from '../engine/benchmark';
import { useNodeBackend, type NodeBackend } from '../engine/node-backend';
import { runToEnd } from '../engine/run-to-end';

const models = [
  { name: 'teacher 2-64-64-6, batch 64', sizes: [2, 64, 64, 6], batch: 64 },
  { name: 'student 2-32-32-6, batch 32', sizes: [2, 32, 32, 6], batch: 32 },
  { name: 'student 2-4-6, batch 32', sizes: [2, 4, 6], batch: 32 },
  { name: 'digits teacher 196-256-256-10, batch 128', sizes: [196, 256, 256, 10], batch: 128 },
  { name: 'digits student 196-64-64-10, batch 128', sizes: [196, 64, 64, 10], batch: 128 },
];

console.log('| backend | model | examples / s |');
console.log('|---|---|---|');
for (const backend of ['wasm', 'cpu'] as NodeBackend[]) {
  const active = await useNodeBackend(backend);
  for (const model of models) {
    const rate = await measureTrainingThroughput(model.sizes, model.batch, 1500);
    console.log(`| ${active.backend} | ${model.name} | ${Math.round(rate).toLocaleString('en')} |`);
  }
}

await useNodeBackend('wasm');
const settings = { ...DEFAULT_SETTINGS, seed: 1 };
const before = tf.memory().numTensors;
const result = await runToEnd(settings, await loadDataset(settings.dataset, settings.seed));
console.log(`\nLow-data preset, seed 1, wasm: ${result.seconds.toFixed(1)} s for teacher (${settings.teacherEpochs} epochs) + two students (${settings.studentEpochs} epochs); tensors before ${before}, after ${tf.memory().numTensors}.`);
