/**
 * A GPU backend that dies without an error. Once its WebGL context is lost, TF.js's WebGL readbacks wait on a
 * fence that never passes: `data()` never settles, so the run hangs, and Pause and Reset (which wait for the
 * epoch in flight) hang with it (seen in headless Chromium: WEBGL_lose_context mid-run left the page at
 * "Starting…" for minutes). The worker reports such a loss here (workers/select-backend.ts listens for it), and
 * every readback of the engine goes through `readBack`, which then fails, so the run fails like any backend
 * failure and moves to the next backend.
 */
import * as tf from '@tensorflow/tfjs';

export class BackendLostError extends Error {}

/** Why each lost backend was lost, until it is started afresh. */
const lost = new Map<string, string>();
/** Reads in progress, with the backend each runs on. */
const pending = new Set<{ backend: string; fail: (error: Error) => void }>();

/** The backend `backend` is gone (a lost WebGL context or WebGPU device): its pending and future reads fail. */
export function reportBackendLost(backend: string, reason: string): void {
  if (lost.has(backend)) return;
  lost.set(backend, reason);
  for (const read of pending) if (read.backend === backend) read.fail(new BackendLostError(reason));
}

/** The backend was started afresh (a new context or device): its reads work again. */
export function clearBackendLoss(backend: string): void {
  lost.delete(backend);
}

/** A tensor's values, or a BackendLostError (at once or later) when the active backend is lost meanwhile. */
export function readBack<T>(read: Promise<T>, backend: string = tf.getBackend()): Promise<T> {
  const reason = lost.get(backend);
  if (reason !== undefined) {
    read.catch(() => undefined);
    return Promise.reject(new BackendLostError(reason));
  }
  return new Promise<T>((resolve, reject) => {
    const entry = { backend, fail: reject };
    pending.add(entry);
    read.then(resolve, reject).finally(() => pending.delete(entry));
  });
}
