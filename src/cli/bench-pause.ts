/**
 * `npm run bench -- --pause`: how soon Pause acts, in Node on wasm, through the
 * worker's own controller (workers/run-controller.ts) — on the students of
 * "Full data" and on the largest students the size limit allows there
 * (4096-4096, ~1.5 GB). Pause is sent at set moments while the run trains; the
 * delay is from that moment to the controller's 'paused' answer (the worker's
 * thread is busy until the slice in progress ends). And Pause sent during the run's
 * set-up (with Train, and 400 ms after it, while a fresh heap grows): the set-up
 * stops between two of its units and Pause is answered. Figures only.
 */
import { loadDataset } from '../../datasets/index';
import { findPreset } from '../core/presets';
import { estimateMemory } from '../core/size-limits';
import type { Settings } from '../core/settings';
import type { FromWorker } from '../protocol/messages';
import { useNodeBackend } from '../engine/node-backend';
import { RunController } from '../../workers/run-controller';
import { oneBackend } from '../../workers/one-backend';

export interface PauseRow {
  students: string;
  gigabytes: number;
  delaysMs: number[];
  medianMs: number;
  maxMs: number;
  /** Pause sent during the run's set-up, 400 ms after Train (on a heap not yet grown) and with it: from Pause to its answer. */
  setupMs: number[];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function benchController(onPaused: () => void, log: (line: string) => void, onState: (ack: number) => void = () => undefined): RunController {
  return new RunController({
    post: (message: FromWorker) => {
      if (message.type === 'paused') onPaused();
      if (message.type === 'state') onState(message.ack);
      if (message.type === 'error') log(`  error: ${message.message}`);
    },
    backends: oneBackend('wasm'),
    load: (s) => loadDataset(s.dataset, s.seed),
    isInMemory: () => true,
    teachers: { cache: new Map(), store: { load: async () => null }, useShipped: async () => null },
    store: { save: async () => null, forget: async () => [] },
    shipped: () => undefined,
  });
}

/** Pause sent `afterMs` after Train, while the run is set up: the delay from Pause to its answer (the set-up stops). */
async function setupPause(settings: Settings, afterMs: number, log: (line: string) => void): Promise<number> {
  let answeredAt = 0;
  const controller = benchController(() => undefined, log, (ack) => ack === 2 && (answeredAt = performance.now()));
  void controller.receive({ type: 'start', settings, calibration: null, trainTeacherLive: false, seq: 1 });
  // Measured from the moment it is due (the thread is busy until the set-up's unit in progress ends, as in the worker).
  const sentAt = performance.now() + afterMs;
  await sleep(afterMs);
  await controller.receive({ type: 'pause', seq: 2 });
  const delay = answeredAt - sentAt;
  log(`  pause ${afterMs} ms after Train: ${delay.toFixed(0)} ms (${controller.state})`);
  await controller.receive({ type: 'reset', seq: 3 });
  return delay;
}

async function pauseDelays(settings: Settings, pauses: number, log: (line: string) => void): Promise<number[]> {
  let answeredAt = 0;
  const controller = benchController(() => (answeredAt = performance.now()), log);
  let seq = 0;
  const delays: number[] = [];
  await controller.receive({ type: 'start', settings, calibration: null, trainTeacherLive: false, seq: ++seq });
  for (let i = 0; i < pauses; i++) {
    // Moments that fall in batches, evaluations and the teacher's last epochs alike.
    const wait = 700 + 450 * i;
    const sentAt = performance.now() + wait;
    await sleep(wait);
    await controller.receive({ type: 'pause', seq: ++seq });
    delays.push(answeredAt - sentAt);
    log(`  pause ${i + 1}: ${(answeredAt - sentAt).toFixed(0)} ms (${controller.state})`);
    await controller.receive({ type: 'resume', seq: ++seq });
  }
  await controller.receive({ type: 'reset', seq: ++seq });
  return delays;
}

export async function runPauseBench(pauses: number, log: (line: string) => void): Promise<PauseRow[]> {
  await useNodeBackend('wasm');
  const fullData = findPreset('full-data')!.settings;
  const rows: PauseRow[] = [];
  for (const students of [fullData.studentLayers, '1024-1024', '4096-4096']) {
    const settings = { ...fullData, studentLayers: students, teacherEpochs: 3 };
    log(`Full data, students ${students}:`);
    // Set-up first, while the heap has not yet grown to this size's (as for a first run of it in the page).
    const setupMs = [await setupPause(settings, 400, log), await setupPause(settings, 0, log)];
    const delaysMs = await pauseDelays(settings, pauses, log);
    rows.push({ students, gigabytes: estimateMemory(settings).bytes / 1e9, delaysMs, medianMs: median(delaysMs), maxMs: Math.max(...delaysMs), setupMs });
  }
  return rows;
}

export function pauseMarkdown(rows: readonly PauseRow[]): string {
  const lines = ['| students (Full data, 2-D) | tensors | Pause → paused, median | max | every pause | Pause during set-up (400 ms after Train, fresh heap; with Train) |', '|---|---:|---:|---:|---|---:|'];
  for (const r of rows) lines.push(`| ${r.students} | ${r.gigabytes.toFixed(2)} GB | ${r.medianMs.toFixed(0)} ms | ${r.maxMs.toFixed(0)} ms | ${r.delaysMs.map((d) => d.toFixed(0)).join(', ')} ms | ${r.setupMs.map((d) => d.toFixed(0)).join(', ')} ms |`);
  return lines.join('\n');
}
