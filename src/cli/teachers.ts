/**
 * `npm run teachers`: trains the teachers of the digit presets once, with the
 * project's own engine and each preset's fixed seed, and writes them to
 * datasets/teachers/ (weights as DKLT binaries, and manifest.json with the
 * settings, seed, command, test errors and a SHA-256 checksum). The app and
 * `npm run experiment` use them by default; nothing about them is scripted:
 * they are loaded and evaluated like any trained model.
 *
 *   npm run teachers -- [--only NAME[,NAME…]] [--backend wasm|cpu|webgpu] [--list]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../../datasets/index';
import { nodeDigitsSource } from '../../datasets/digits/node-source';
import { layersOf } from '../core/settings';
import { shippedTeacherPlan } from '../core/teacher-plan';
import { encodeTeacher, sha256Hex } from '../core/teacher-file';
import type { ShippedTeacher, TeacherManifest } from '../core/teacher-manifest';
import { ENGINE_VERSION, teacherDefinition, twinTeacherSettings } from '../core/teacher-origin';
import { DistillationRun } from '../engine/distillation-run';
import { useNodeBackend, type NodeBackend } from '../engine/node-backend';
import { readTeacherManifest, TEACHER_MANIFEST, TEACHERS_DIR, useShippedTeacher } from '../engine/shipped-teachers';
import type { TeacherCache } from '../engine/teacher-cache';
import { countErrors } from '../engine/teacher-eval';

import { TEACHERS_COMMAND } from '../core/teacher-plan';
/** Test errors are always counted on wasm, the backend the check in the tests uses. */
const EVALUATION_BACKEND: NodeBackend = 'wasm';

async function main(argv: string[]): Promise<void> {
  let only: string[] | null = null;
  let backend: NodeBackend = 'wasm';
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--list') list = true;
    else if (flag === '--only') only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (flag === '--backend') backend = argv[++i] as NodeBackend;
    else throw new Error(`Unknown flag “${flag}”. Flags: --only NAME[,NAME…], --backend wasm|cpu|webgpu, --list.`);
  }
  if (!['wasm', 'cpu', 'webgpu'].includes(backend)) throw new Error(`--backend must be wasm, cpu or webgpu; got “${String(backend)}”.`);
  const plan = shippedTeacherPlan();
  if (list) {
    for (const { name, settings, presets } of plan) console.log(`${name}: ${settings.dataset} ${settings.teacherLayers}, ${settings.teacherEpochs} epochs, seed ${settings.seed} — presets ${presets.join(', ')}`);
    return;
  }
  const unknown = (only ?? []).filter((n) => !plan.some((p) => p.name === n));
  if (unknown.length > 0) throw new Error(`No shipped teacher named ${unknown.join(', ')} (see --list).`);

  mkdirSync(TEACHERS_DIR, { recursive: true });
  for (const { name, settings, presets } of plan.filter((p) => !only || only.includes(p.name))) {
    const active = await useNodeBackend(backend);
    if (active.backend !== backend) throw new Error(`${backend} did not start: ${active.fallbackReason ?? ''}`);
    const trainedOn = active.adapter ? `${backend} (${active.adapter})` : backend;
    const dataset = await loadDataset(settings.dataset, settings.seed, nodeDigitsSource);
    console.error(`${name} (presets ${presets.join(', ')}): training on ${trainedOn}, ${dataset.trainY.length} digits × ${settings.teacherEpochs} epochs`);
    const sizes = [dataset.inputSize, ...layersOf(settings.teacherLayers), dataset.classNames.length];
    // A label-smoothed teacher trains beside its unsmoothed twin unless the twin is shipped already: use it if so.
    const cache: TeacherCache = new Map();
    const twin = twinTeacherSettings(settings);
    if (twin && (await useShippedTeacher(cache, twin, sizes))) console.error(`  its unsmoothed twin is shipped: only the smoothed teacher trains`);
    const started = performance.now();
    const run = new DistillationRun(settings, dataset, cache);
    let weights;
    let metrics;
    try {
      while (run.phase === 'teacher') {
        const report = await run.advance();
        const m = report.metrics?.teacher;
        if (m) console.error(`  epoch ${report.epoch}/${report.totalEpochs}: loss ${m.loss.toFixed(4)}, train ${(100 * m.trainAcc).toFixed(2)}%, test ${(100 * m.testAcc).toFixed(2)}% (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      }
      weights = await run.teacherWeights();
      metrics = run.lastMetrics.teacher!;
    } finally {
      run.dispose();
    }
    const seconds = (performance.now() - started) / 1000;
    await useNodeBackend(EVALUATION_BACKEND);
    const testErrors = await countErrors(sizes, weights, dataset.testX, dataset.testY);
    const bytes = encodeTeacher({ sizes, weights });
    const file = `${name}.bin`;
    writeFileSync(join(TEACHERS_DIR, file), bytes);
    const entry: ShippedTeacher = {
      name,
      file,
      bytes: bytes.length,
      sha256: await sha256Hex(bytes),
      definition: teacherDefinition(settings),
      engineVersion: ENGINE_VERSION,
      command: TEACHERS_COMMAND,
      trainedOn,
      evaluatedOn: EVALUATION_BACKEND,
      seconds: Math.round(seconds * 10) / 10,
      loss: metrics.loss,
      trainAcc: metrics.trainAcc,
      testAcc: 1 - testErrors / dataset.testY.length,
      testErrors,
      testCount: dataset.testY.length,
      createdAt: new Date().toISOString(),
    };
    const manifest: TeacherManifest = readTeacherManifest();
    manifest.teachers = [...manifest.teachers.filter((t) => t.name !== name), entry].sort((a, b) => a.name.localeCompare(b.name));
    writeFileSync(join(TEACHERS_DIR, TEACHER_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`${name}: ${testErrors} test errors of ${entry.testCount} (${(100 * testErrors / entry.testCount).toFixed(2)}%), ${seconds.toFixed(0)} s on ${trainedOn}, ${(bytes.length / 1e6).toFixed(1)} MB`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`teachers: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
