/**
 * The training worker: a thin dispatcher over the engine. Keeps the main
 * thread free; one epoch at a time, yielding between epochs so pause, step
 * and reset messages are handled promptly.
 */
import { isDatasetInMemory, loadDataset } from '../datasets/index';
import { gatherRows } from '../datasets/subset';
import type { Dataset } from '../datasets/types';
import { assertValidSettings, type Settings } from '../src/core/settings';
import { DistillationRun, TrainingDivergedError, transferIndicesFor } from '../src/engine/distillation-run';
import type { TeacherCache } from '../src/engine/teacher-cache';
import type { Calibration, Command, DatasetView, FromWorker, RunState, ToWorker } from '../src/protocol/messages';
import { BackendChooser } from './select-backend';
import { COMPARED_STUDENTS, SOFT } from '../src/core/roster';
import { gridPoints, pointBounds } from '../src/core/grid';
import { browserDigitsSource } from './digits-source';
import { runBrowserBench } from '../src/engine/bench-browser';
import { teacherKey } from '../src/core/teacher-origin';
import { globalIndexedDb, openIndexedDbRecords, TeacherStore } from './teacher-store';
import { bundledShippedTeachers, ShippedTeacherError, shippedTeacherFor, useShippedTeacherInBrowser } from './shipped-teachers';
import { findReadyTeacher, prepareTeacher, teacherSizes } from './teacher-lookup';
import { LONG_RUN_SECONDS } from '../src/core/backend-calibration';
import { downloadedData, firstEpochSeconds, loadsOnlyForARun, runEstimate } from '../src/core/run-estimate';

const post = (message: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

const backends = new BackendChooser((message) => post(message));
let run: DistillationRun | null = null;
let currentDataset: Dataset | null = null;
let runId = 0;
let running = false;
let startedAt = 0;
/** The epoch in progress, so reset and pause never dispose a run mid-epoch. */
let inFlight: Promise<void> = Promise.resolve();
const teacherCache: TeacherCache = new Map();
/** Teachers trained in this browser, kept across visits and tabs (IndexedDB). */
const teacherStore = new TeacherStore({ open: () => openIndexedDbRecords(globalIndexedDb()), onProblem: (message) => post({ type: 'teacher-storage', message }) });
const shippedTeachers = bundledShippedTeachers();
/** The current run was asked to train its teacher live (kept for a restart on another backend). */
let runTrainsTeacherLive = false;
/** Resets received, counted on arrival (before the queue): a run still being set up (teacher, data) stops there. */
let resetsReceived = 0;
const teacherLookup = { cache: teacherCache, store: teacherStore, useShipped: (cache: TeacherCache, s: Settings, sizes: readonly number[]) => useShippedTeacherInBrowser(shippedTeachers, cache, s, sizes) };
const hasShippedTeacher = (settings: Settings) => shippedTeacherFor(shippedTeachers, settings) !== undefined;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const sameSettings = (a: Settings, b: Settings) => JSON.stringify(a) === JSON.stringify(b);

async function disposeRun(): Promise<void> {
  running = false;
  await inFlight;
  run?.dispose();
  run = null;
}

/**
 * What the UI needs of a dataset (the test examples and, for 2-D data, the students' transfer set): the page's copy. Its arrays are fresh copies, sent as transfers: a cloned 7.8 MB array of
 * 10,000 test digits is deserialised on the page's main thread (tens of ms, a long task); a transferred one is not.
 */
function datasetView(dataset: Dataset, transferIndices: Int32Array): { view: DatasetView; buffers: ArrayBuffer[] } {
  const transfer = dataset.imageSide
    ? { x: new Float32Array(0), y: Int32Array.from(transferIndices, (i) => dataset.trainY[i]!) }
    : gatherRows(dataset.trainX, dataset.trainY, dataset.inputSize, transferIndices);
  const view: DatasetView = {
    name: dataset.name,
    classNames: [...dataset.classNames],
    families: (dataset.families ?? []).map((f) => ({ name: f.name, classes: [...f.classes] })),
    inputSize: dataset.inputSize,
    ...(dataset.imageSide ? { imageSide: dataset.imageSide } : {}),
    testX: dataset.testX.slice(),
    testY: dataset.testY.slice(),
    transferX: transfer.x,
    transferY: transfer.y,
  };
  return { view, buffers: [view.testX.buffer, view.testY.buffer, view.transferX.buffer, view.transferY.buffer] as ArrayBuffer[] };
}

function load(settings: Settings): Promise<Dataset> {
  const label = `${settings.dataset} digits`;
  return loadDataset(settings.dataset, settings.seed, browserDigitsSource, (loaded, total) => post({ type: 'loading', label, loaded, total }));
}

/** A new run: the backend measured fastest for its models (or the user's) first, then the run itself. */
async function newRun(settings: Settings, calibration: Calibration | null, trainTeacherLive: boolean): Promise<void> {
  await disposeRun();
  await backends.prepare(settings, calibration);
  await createRun(settings, trainTeacherLive);
}

/**
 * The question to ask before a new run when it is long: estimated on the
 * backend chosen for it (measured on its models) to take more than
 * LONG_RUN_SECONDS — for Step, its first epoch. Decided before the data loads
 * or a shipped teacher is fetched. Null: start it (also when nothing could be measured).
 */
async function longRunQuestion(command: 'start' | 'step', settings: Settings, trainTeacherLive: boolean): Promise<FromWorker | null> {
  const teacher = await findReadyTeacher(teacherLookup, hasShippedTeacher, settings, trainTeacherLive);
  const trial = await backends.activeTrial(settings);
  const estimate = trial ? runEstimate(trial, settings, teacher !== 'train') : null;
  if (!estimate || (command === 'start' ? estimate.seconds : firstEpochSeconds(estimate)) <= LONG_RUN_SECONDS) return null;
  const data = isDatasetInMemory(settings.dataset) ? null : downloadedData(settings.dataset);
  return { type: 'confirm-long', command, settings, trainTeacherLive, teacher, download: data ? `It first downloads ${data}.` : null, estimate };
}

/**
 * A new run, or false when it did not start (settings that are invalid or too big throw): it is long and not `confirmed`
 * (the page is asked; the current run, if any, is kept as it was), or its
 * shipped teacher is broken (the page offers to train the teacher live).
 */
async function startRun(command: 'start' | 'step', settings: Settings, calibration: Calibration | null, trainTeacherLive: boolean, confirmed: boolean): Promise<boolean> {
  // Before any backend is timed on the models: sizes over the memory limit (size-limits.ts) are refused with the estimate.
  assertValidSettings(settings);
  try {
    if (!confirmed) {
      running = false;
      await inFlight;
      await backends.prepare(settings, calibration);
      const question = await longRunQuestion(command, settings, trainTeacherLive);
      if (question) {
        if (run) await backends.prepare(run.settings, null); // back to the kept run's backend
        post(question);
        return false;
      }
    }
    await newRun(settings, calibration, trainTeacherLive);
    return true;
  } catch (error) {
    if (!(error instanceof ShippedTeacherError)) throw error;
    running = false;
    post({ type: 'teacher-unavailable', settings, message: error.message });
    return false;
  }
}

async function createRun(settings: Settings, trainTeacherLive: boolean): Promise<void> {
  const id = ++runId;
  const resets = resetsReceived;
  const replaced = () => id !== runId || resets !== resetsReceived;
  // Memory → stored → shipped → train, before the data loads (a broken shipped teacher stops here).
  await prepareTeacher(teacherLookup, settings, trainTeacherLive);
  if (replaced()) return;
  runTrainsTeacherLive = trainTeacherLive;
  const dataset = await load(settings);
  if (replaced()) return; // a newer command replaced this run, or Reset was pressed, while the data loaded
  run = new DistillationRun(settings, dataset, teacherCache);
  currentDataset = dataset;
  startedAt = performance.now();
  const { view, buffers } = datasetView(dataset, run.transferIndices);
  post({ type: 'dataset', runId, settings, dataset: view }, buffers);
  if (run.teacherOrigin.kind !== 'trained') {
    await announceTeacher(run, runId);
    await announceMaps(run, runId, true);
  }
}

async function preview(settings: Settings): Promise<void> {
  assertValidSettings(settings);
  const data = downloadedData(settings.dataset);
  if (loadsOnlyForARun(settings.dataset) && !isDatasetInMemory(settings.dataset) && data) {
    post({ type: 'preview-deferred', message: `${data[0]!.toUpperCase()}${data.slice(1)} are downloaded when a run starts, not for a preview.` });
    return;
  }
  const dataset = await load(settings);
  const transferIndices = transferIndicesFor(settings, dataset.trainY, dataset.classNames.length);
  if (run) return;
  const { view, buffers } = datasetView(dataset, transferIndices);
  post({ type: 'preview', dataset: view }, buffers);
}

async function announceTeacher(current: DistillationRun, id: number): Promise<void> {
  const testLogits = await current.teacherLogits('test');
  const origin = current.teacherOrigin;
  const shipped = origin.kind === 'shipped' ? shippedTeacherFor(shippedTeachers, current.settings) : undefined;
  const shippedTest = shipped ? { errors: shipped.testErrors, count: shipped.testCount } : undefined;
  post({ type: 'teacher-ready', runId: id, origin, ...(shippedTest ? { shippedTest } : {}), teacher: current.lastMetrics.teacher!, testLogits }, [testLogits.buffer]);
}

/** Keep the teacher this run trained in the browser (replacing a stored one), without holding up the students. */
function keepTeacher(current: DistillationRun, id: number): void {
  const snapshot = teacherCache.get(teacherKey(current.settings));
  if (!snapshot || snapshot.origin.kind !== 'trained') return;
  void teacherStore
    .save(teacherKey(current.settings), { sizes: teacherSizes(current.settings), weights: snapshot.weights }, snapshot.metrics)
    .then((savedAt) => {
      if (savedAt !== null) post({ type: 'teacher-stored', runId: id, savedAt });
    })
    .catch(() => undefined);
}

/** Forget every stored teacher and the memory cache; answers how many teachers were forgotten. */
async function forgetTeachers(): Promise<void> {
  const inMemory = [...teacherCache].filter(([, snapshot]) => snapshot.origin.kind !== 'shipped').map(([key]) => key);
  teacherCache.clear();
  const stored = await teacherStore.forget();
  post({ type: 'teachers-forgotten', count: new Set([...inMemory, ...stored]).size });
}

/** Final student logits: test split for all; training split for the soft student when the students ignored classes (to choose its bias shift). */
async function announceStudents(current: DistillationRun, id: number): Promise<void> {
  // One prediction per stacked group, not one per student.
  const test = await current.studentsLogits(current.specs.map((spec) => spec.id), 'test');
  const train = current.specs.some((spec) => spec.ignoredClasses.length > 0) ? await current.studentsLogits([SOFT], 'train') : {};
  const buffers = [...Object.values(test), ...Object.values(train)].map((a) => a.buffer);
  const trainLabels = Object.keys(train).length > 0 ? current.trainLabels.slice() : null;
  post({ type: 'students-logits', runId: id, test, train, trainLabels }, buffers);
}

const MAP_RESOLUTION = 72;
const MAP_INTERVAL_MS = 300;
let lastMapAt = 0;

/** Decision maps of the teacher and the compared students, for 2-D data; at most every few hundred ms. */
async function announceMaps(current: DistillationRun, id: number, force: boolean): Promise<void> {
  const view = currentDataset;
  if (!view || view.inputSize !== 2 || current.settings.mode !== 'compare') return;
  if (!force && performance.now() - lastMapAt < MAP_INTERVAL_MS) return;
  lastMapAt = performance.now();
  const bounds = pointBounds(view.testX);
  const maps = await current.decisionMaps(gridPoints(bounds, MAP_RESOLUTION), COMPARED_STUDENTS);
  const buffers = Object.values(maps).flatMap((m) => [m.classes.buffer, m.confidence.buffer]);
  post({ type: 'decision-maps', runId: id, resolution: MAP_RESOLUTION, bounds, maps }, buffers);
}

/**
 * How long the loop trains before it looks at its messages again: Pause and Reset act within about this, plus one
 * batch, whatever the model's size (an epoch of a large model takes many seconds).
 */
const SLICE_MS = 100;

/** A slice of the current run's epoch; when that finishes the epoch, the epoch's messages. */
async function trainOneEpoch(budgetMs = SLICE_MS): Promise<void> {
  const current = run!;
  const id = runId;
  const report = await current.advanceFor(budgetMs);
  if (!report) return;
  const { phase, epoch, totalEpochs, metrics } = report;
  if (metrics) post({ type: 'epoch', runId: id, phase, epoch, totalEpochs, ...metrics });
  else post({ type: 'progress', runId: id, phase, epoch, totalEpochs });
  if (report.teacherReady) {
    await announceTeacher(current, id);
    if (current.teacherOrigin.kind === 'trained') keepTeacher(current, id);
  }
  if (metrics?.students || report.teacherReady) await announceMaps(current, id, report.teacherReady || current.phase === 'done');
  if (current.phase === 'done') {
    running = false;
    await announceStudents(current, id);
    const { teacher, students } = current.lastMetrics;
    post({ type: 'done', runId: id, seconds: (performance.now() - startedAt) / 1000, teacher: teacher!, students });
    postState();
  }
}

function guarded(work: () => Promise<void>): Promise<void> {
  inFlight = inFlight.then(work).catch(handleRunError);
  return inFlight;
}

let looping = false;
async function trainLoop(): Promise<void> {
  if (looping) return; // one loop at a time, however often Train is pressed
  looping = true;
  try {
    while (running && run && run.phase !== 'done') {
      await guarded(trainOneEpoch);
      await yieldToMessages();
    }
  } finally {
    looping = false;
  }
}

/**
 * An epoch failed. A diverged run is the run's fault; anything else is taken
 * for the backend failing (lost GPU device, out of memory): it is skipped from
 * now on, the next in the measured ranking takes over, and the run starts
 * again with the same settings (a finished teacher comes back from the cache).
 */
async function handleRunError(error: unknown): Promise<void> {
  // `running` is left as it is: the loop (if any) carries on with the new run unless paused meanwhile.
  let message = errorText(error);
  const failed = run;
  let from = backends.report?.backend;
  if (error instanceof TrainingDivergedError || !failed || !from) {
    running = false;
    post({ type: 'error', runId, message, recoverable: true });
    if (error instanceof TrainingDivergedError && failed) {
      // A diverged run cannot be resumed (its weights are NaN): the next Train starts a new one.
      failed.dispose();
      run = null;
    }
    postState();
    return;
  }
  try {
    failed.dispose();
  } catch {
    // A dead backend may be unable to release its tensors; they go with it.
  }
  run = null;
  for (;;) {
    const report = await backends.fallBack(failed.settings, message);
    if (!report) {
      running = false;
      post({ type: 'error', runId, message: `${from} failed during training (${message}) and no other backend could take over.`, recoverable: false });
      postState();
      return;
    }
    post({ type: 'backend-fallback', from, to: report.backend, message: `${from} failed during training: ${message}. Switched to ${report.backend}, the next fastest measured, and started the run again with the same settings.` });
    try {
      // A teacher trained live before the failure comes back from the cache; otherwise it is trained live again.
      await createRun(failed.settings, runTrainsTeacherLive && !teacherCache.has(teacherKey(failed.settings)));
      break;
    } catch (again) {
      from = report.backend;
      message = errorText(again);
    }
  }
}

/** Start or step: a new run unless the current one has these settings, is not finished, and (when asked to train the teacher live) trained its own. */
function needsNewRun(settings: Settings, trainTeacherLive: boolean): boolean {
  return !run || !sameSettings(run.settings, settings) || run.phase === 'done' || (trainTeacherLive && run.teacherOrigin.kind !== 'trained');
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init':
      await backends.init(message.backend, message.settings, message.calibrations);
      return;
    case 'set-backend':
      await disposeRun();
      await backends.setChoice(message.backend, message.settings, message.calibration);
      return;
    case 'recalibrate':
      await disposeRun();
      await backends.recalibrate(message.settings);
      return;
    case 'start':
      if (needsNewRun(message.settings, message.trainTeacherLive) && !(await startRun('start', message.settings, message.calibration, message.trainTeacherLive, message.confirmed ?? false))) return;
      running = true;
      void trainLoop();
      return;
    case 'resume':
      if (!run) return;
      running = true;
      void trainLoop();
      return;
    case 'pause':
      // Paused at once: the loop starts no new slice. Work already in flight (a slice, or an epoch's evaluation,
      // which for a large model takes seconds) finishes and reports behind this; nothing trains after it.
      running = false;
      if (run) post({ type: 'paused', runId });
      return;
    case 'step':
      running = false;
      await inFlight;
      if (needsNewRun(message.settings, message.trainTeacherLive) && !(await startRun('step', message.settings, message.calibration, message.trainTeacherLive, message.confirmed ?? false))) return;
      if (!run) return; // Reset while it was set up
      await guarded(() => trainOneEpoch(Infinity));
      if (run && run.phase !== 'done') post({ type: 'paused', runId });
      return;
    case 'reset':
      await disposeRun();
      post({ type: 'reset-done' });
      return;
    case 'set-params':
      if (!run) await preview(message.settings);
      return;
    case 'forget-teachers':
      await forgetTeachers();
      return;
    case 'bench':
      await disposeRun();
      try {
        post({ type: 'bench-result', result: await runBrowserBench(message.options, load) });
      } catch (error) {
        post({ type: 'bench-result', result: { error: errorText(error) } });
      }
      return;
  }
}

/** The number of the last command handled: every state the worker reports follows it. */
let handledSeq = 0;

/** The run's state as it is here, now. */
function runState(): RunState {
  if (!run) return 'idle';
  if (run.phase === 'done') return 'done';
  return running ? 'training' : 'paused';
}

/** Tell the page where things stand after a command, or after a run ended by itself. */
const postState = () => post({ type: 'state', ack: handledSeq, state: runState() });

// Messages are handled one after another; the training loop runs beside them. Each is answered by the state it led to.
let handling: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<Command>) => {
  if (event.data.type === 'reset') resetsReceived++;
  handling = handling
    .then(() => handle(event.data))
    .catch((error: unknown) => post({ type: 'error', runId, message: error instanceof Error ? error.message : String(error), recoverable: true }))
    .then(() => {
      handledSeq = Math.max(handledSeq, event.data.seq ?? 0);
      postState();
    });
};
self.addEventListener('unhandledrejection', (event) => {
  post({ type: 'error', runId, message: `Worker error: ${String((event as PromiseRejectionEvent).reason)}`, recoverable: false });
});
