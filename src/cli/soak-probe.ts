/**
 * `npm run soak`'s instruments, read through the DevTools protocol: the page's
 * JS heap, the training worker's JS heap (a session on the worker's target,
 * reached through the page's session), and what the worker's TF.js holds (its
 * read-only 'memory' message; a worker without it is read through TF.js's
 * engine global instead). Reading changes nothing in the app; a collection
 * forced before a sample only frees what is already garbage.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { MemoryReport } from '../protocol/messages';

const CALL_TIMEOUT_MS = 15_000;
/** The page's hook (`?soak`, src/state/worker-client.ts) for the worker's 'memory' message. */
const MEMORY_BY_MESSAGE = `Promise.race([window.__dklMemory ? window.__dklMemory() : null, new Promise((resolve) => setTimeout(() => resolve(null), 3000))])`;
/** The same figures from TF.js's engine, which it keeps on the worker's global object (`_tfengine`), for a worker without the message. */
const MEMORY_BY_ENGINE = `(() => {
  const engine = globalThis._tfengine;
  if (!engine) return null;
  const name = engine.backendName ?? null;
  const backend = name === null ? undefined : engine.registry[name];
  let bytes = null;
  let kind = null;
  if (backend && name === 'wasm' && backend.wasm && backend.wasm.HEAPU8) { bytes = backend.wasm.HEAPU8.buffer.byteLength; kind = 'wasm heap'; }
  else if (backend && (name === 'webgl' || name === 'webgpu')) { const m = backend.memory(); bytes = (name === 'webgl' ? m.numBytesInGPUAllocated : m.numBytesAllocatedInGPU) ?? null; kind = bytes === null ? null : 'GPU memory allocated'; }
  return { numTensors: engine.state.numTensors, numBytes: engine.state.numBytes, backend: backend ? name : null, backendBytes: bytes, backendBytesKind: kind };
})()`;

export interface Reading {
  pageHeapBytes: number;
  workerHeapBytes: number;
  tf: MemoryReport;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${CALL_TIMEOUT_MS / 1000} s`)), CALL_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class SoakProbe {
  private workerSession: string | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  /** Whether the worker answers 'memory' (decided once, by `attach`). */
  private byMessage = false;

  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {
    cdp.on('Target.attachedToTarget', (event) => {
      // The training worker (named so in worker-client.ts); a restarted worker is a new target.
      if (event.targetInfo.type === 'worker' && event.targetInfo.title === 'training') this.workerSession = event.sessionId;
    });
    cdp.on('Target.detachedFromTarget', (event) => {
      if (event.sessionId === this.workerSession) this.workerSession = null;
    });
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.workerSession) return;
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
      const call = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id!);
      if (message.error) call.reject(new Error(message.error.message));
      else call.resolve(message.result);
    });
  }

  /** Attach to the page and its training worker (once the app is loaded), and find how TF.js's figures can be read. */
  static async attach(page: Page): Promise<SoakProbe> {
    const probe = new SoakProbe(page, await page.context().newCDPSession(page));
    // Not flattened: Playwright's CDPSession talks to one target; the worker's messages come wrapped in the page's.
    await probe.cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    for (let i = 0; i < 100 && probe.workerSession === null; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    if (probe.workerSession === null) throw new Error('The training worker did not show up in the DevTools protocol.');
    probe.byMessage = (await page.evaluate(MEMORY_BY_MESSAGE)) !== null;
    return probe;
  }

  get tfSource(): string {
    return this.byMessage ? "the worker's 'memory' message" : "TF.js's engine global in the worker (this worker does not answer 'memory')";
  }

  private workerCall<T>(method: string, params: object = {}): Promise<T> {
    const session = this.workerSession;
    if (session === null) return Promise.reject(new Error('The training worker is gone.'));
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject }));
    void this.cdp.send('Target.sendMessageToTarget', { sessionId: session, message: JSON.stringify({ id, method, params }) }).catch((error: Error) => {
      this.pending.get(id)?.reject(error);
      this.pending.delete(id);
    });
    return withTimeout(answer, `worker ${method}`).finally(() => this.pending.delete(id));
  }

  private async tfMemory(): Promise<MemoryReport> {
    if (this.byMessage) {
      const report = (await withTimeout(this.page.evaluate(MEMORY_BY_MESSAGE), "the worker's 'memory' answer")) as MemoryReport | null;
      if (report) return report;
    }
    const { result } = await this.workerCall<{ result: { value?: MemoryReport | null } }>('Runtime.evaluate', { expression: MEMORY_BY_ENGINE, returnByValue: true });
    if (!result.value) throw new Error("TF.js's engine is not in the worker.");
    return result.value;
  }

  /** One reading; `collect`: force a garbage collection in the page and the worker first (heaps as retained). */
  async read(collect: boolean): Promise<Reading> {
    if (collect) {
      await withTimeout(this.cdp.send('HeapProfiler.collectGarbage'), 'page garbage collection');
      await this.workerCall('HeapProfiler.collectGarbage');
    }
    const page = await withTimeout(this.cdp.send('Runtime.getHeapUsage'), 'page heap');
    const worker = await this.workerCall<{ usedSize: number }>('Runtime.getHeapUsage');
    return { pageHeapBytes: page.usedSize, workerHeapBytes: worker.usedSize, tf: await this.tfMemory() };
  }
}
