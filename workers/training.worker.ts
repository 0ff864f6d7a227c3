/**
 * The training worker: wires messages to the run controller (run-controller.ts,
 * which decides everything and is tested in Node) and gives it the browser's
 * parts — the backend chooser, the digits over HTTP, IndexedDB and the
 * shipped teachers bundled into this build.
 */
import { isDatasetInMemory, loadRunData } from '../datasets/index';
import type { Command, FromWorker } from '../src/protocol/messages';
import { runBrowserBench } from '../src/engine/bench-browser';
import type { TeacherCache } from '../src/engine/teacher-cache';
import { BackendChooser } from './select-backend';
import { browserDigitsSource } from './digits-source';
import { globalIndexedDb, openIndexedDbRecords, TeacherStore } from './teacher-store';
import { bundledShippedTeachers, shippedTeacherFor, useShippedTeacherInBrowser } from './shipped-teachers';
import { RunController } from './run-controller';
import { memoryReport } from './memory-report';
import { PAGE_CATCH_UP_LIMIT_MS } from './page-catch-up';
import { REST_EVERY_MS, REST_MS } from './loop-rest';
import { REFINE_AFTER_MS } from './quiet-refine';

const post = (message: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

const cache: TeacherCache = new Map();
const shippedTeachers = bundledShippedTeachers();
/** Teachers trained in this browser, kept across visits and tabs (IndexedDB). */
const store = new TeacherStore({ open: () => openIndexedDbRecords(globalIndexedDb()), onProblem: (message) => post({ type: 'teacher-storage', message }) });

const controller = new RunController({
  post,
  backends: new BackendChooser((message) => post(message)),
  load: (settings, onProgress) => loadRunData(settings, browserDigitsSource, onProgress),
  isInMemory: isDatasetInMemory,
  teachers: { cache, store, useShipped: (c, settings, sizes) => useShippedTeacherInBrowser(shippedTeachers, c, settings, sizes) },
  store,
  shipped: (settings) => shippedTeacherFor(shippedTeachers, settings),
  bench: runBrowserBench,
  pageCatchUpMs: PAGE_CATCH_UP_LIMIT_MS,
  restEveryMs: REST_EVERY_MS,
  restMs: REST_MS,
  refineAfterMs: REFINE_AFTER_MS,
});

self.onmessage = (event: MessageEvent<Command>) => {
  // `npm run soak` reads the worker's memory at once, without queueing behind the run's commands or changing its state.
  if (event.data.type === 'memory') return post({ type: 'memory', ...memoryReport() });
  // The page has shown the teacher: the training loop, waiting for that, goes on (not a command: nothing answers it).
  if (event.data.type === 'shown') return controller.shown(event.data.runId);
  void controller.receive(event.data);
};
/** Read-only, for the browser tests: what the run is doing in here, now (the page must end up showing the same). */
Object.defineProperty(self, 'dklRunState', { get: () => controller.state });
self.addEventListener('unhandledrejection', (event) => {
  post({ type: 'error', runId: null, message: `Worker error: ${String((event as PromiseRejectionEvent).reason)}`, recoverable: false });
});
