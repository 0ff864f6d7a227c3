/** The UI's typed handle on the training worker (types only from the protocol). */
import type { Command, FromWorker, MemoryReport, ToWorker } from '../protocol/messages';

export interface TrainingWorker {
  /** Sends a command; returns its number (see Command). */
  send(message: ToWorker): number;
  /** Tells the worker the page has shown run `runId`'s teacher (not a command: unnumbered, unanswered). */
  shown(runId: number): void;
  terminate(): void;
}

export function startTrainingWorker(onMessage: (message: FromWorker) => void, onCrash: (message: string) => void): TrainingWorker {
  const worker = new Worker(new URL('../../workers/training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
  // `npm run bench -- --browser` only: a `?bench` page exposes the worker's bench suite to the driver.
  let benchDone: ((result: Extract<FromWorker, { type: 'bench-result' }>['result']) => void) | null = null;
  if (new URLSearchParams(location.search).has('bench')) {
    (window as Window & { __dklBench?: unknown }).__dklBench = (options: Extract<ToWorker, { type: 'bench' }>['options']) =>
      new Promise((resolve) => {
        benchDone = resolve;
        worker.postMessage({ type: 'bench', options, seq: 0 } satisfies Command);
      });
  }
  // `npm run soak` only: a `?soak` page lets the driver ask what the worker's TF.js holds (read-only; see 'memory').
  const memoryWaiters: ((report: MemoryReport) => void)[] = [];
  if (new URLSearchParams(location.search).has('soak')) {
    (window as Window & { __dklMemory?: unknown }).__dklMemory = () =>
      new Promise<MemoryReport>((resolve) => {
        memoryWaiters.push(resolve);
        worker.postMessage({ type: 'memory', seq: 0 } satisfies Command);
      });
  }
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    if (event.data.type === 'bench-result') benchDone?.(event.data.result);
    else if (event.data.type === 'memory') {
      const { type: _type, ...report } = event.data;
      memoryWaiters.shift()?.(report);
    } else onMessage(event.data);
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    onCrash(event.message || 'The training worker failed to start.');
  };
  worker.onmessageerror = () => onCrash('A message from the training worker could not be read.');
  let seq = 0;
  return {
    send: (message) => {
      worker.postMessage({ ...message, seq: ++seq } satisfies Command);
      return seq;
    },
    shown: (runId) => worker.postMessage({ type: 'shown', runId, seq: 0 } satisfies Command),
    terminate: () => worker.terminate(),
  };
}
