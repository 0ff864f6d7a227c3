/**
 * What the service worker keeps (src/pwa/service-worker.ts), worked out from the built files at the end of
 * `vite build` (scripts/offline-plugin.ts): everything is precached on the first visit except the 28×28
 * digits and their teacher (about 21 MB, for two presets), which are kept the first time a run fetches them.
 */
import { createHash } from 'node:crypto';

/** Paths relative to the build's root, as the service worker receives them. */
export interface OfflinePlan {
  /** Changes whenever any built file does, so browsers install the new worker and drop the old cache. */
  version: string;
  /** Fetched and cached when the worker installs; `./` stands for index.html. */
  precache: string[];
  /** Cached the first time they are fetched. */
  onDemand: string[];
}

export const SERVICE_WORKER_FILE = 'sw.js';

/** The 28×28 digits and the shipped teacher trained on them. */
const ON_DEMAND = /(^|\/)(mnist-28-|digits-28-)[^/]*$/;

/** `files`: every built file's path (with `/` separators) and its contents. */
export function offlinePlan(files: readonly { path: string; bytes: Uint8Array }[]): OfflinePlan {
  const sorted = files.filter((file) => file.path !== SERVICE_WORKER_FILE && !file.path.endsWith('.map')).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash('sha256');
  for (const file of sorted) hash.update(`${file.path}\0${file.bytes.length}\0`).update(file.bytes);
  const paths = sorted.map((file) => file.path);
  return {
    version: hash.digest('hex').slice(0, 16),
    precache: paths.filter((path) => !ON_DEMAND.test(path)).map((path) => (path === 'index.html' ? './' : path)),
    onDemand: paths.filter((path) => ON_DEMAND.test(path)),
  };
}
