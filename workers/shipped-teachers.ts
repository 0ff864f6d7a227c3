/**
 * The browser side of the teachers shipped with the app (written by
 * `npm run teachers`): the manifest is bundled, each teacher file is a
 * same-origin asset fetched only when a run needs it, checked against the
 * manifest (length, SHA-256, sizes) and put into the worker's teacher cache.
 * A missing or damaged file throws `ShippedTeacherError`: the run does not
 * start on it, and the page offers to train the teacher live instead.
 */
import bundledManifest from '../datasets/teachers/manifest.json';
import { findShippedTeacher, parseTeacherManifest, ShippedTeacherError, shippedTeacherRecord, verifyShippedTeacher, type ShippedTeacher, type TeacherManifest } from '../src/core/teacher-manifest';

export { ShippedTeacherError };
import { ENGINE_VERSION, teacherKey } from '../src/core/teacher-origin';
import type { Settings } from '../src/core/settings';
import type { TeacherWeights } from '../src/core/teacher-file';
import type { TeacherCache } from '../src/engine/teacher-cache';

/** Each shipped teacher file's URL in the build, by its path here (hashed names in dist/). */
const BUNDLED_FILES = import.meta.glob<string>('../datasets/teachers/*.bin', { query: '?url', import: 'default', eager: true });


/** Where the shipped teachers come from: the bundle in the worker, fakes in the tests. */
export interface ShippedTeacherSource {
  /** The manifest as imported (checked on first use). */
  manifest: unknown;
  /** URL of each shipped file, by file name ("digits-14-256-256-e30.bin"). */
  fileUrls: Record<string, string>;
  /** The URL relative ones resolve against, and whose origin every file must share. */
  baseUrl: string;
  fetch: (url: string) => Promise<Response>;
}

/** The manifest and files bundled into this build. */
export function bundledShippedTeachers(): ShippedTeacherSource {
  const fileUrls = Object.fromEntries(Object.entries(BUNDLED_FILES).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]));
  return {
    manifest: bundledManifest,
    fileUrls,
    baseUrl: String(globalThis.location?.href ?? 'http://localhost/'),
    fetch: (url) => fetch(url, { credentials: 'same-origin' }),
  };
}

const checkedManifests = new WeakMap<object, TeacherManifest>();

function manifestOf(source: ShippedTeacherSource): TeacherManifest {
  const key = source as object;
  let manifest = checkedManifests.get(key);
  if (!manifest) {
    try {
      manifest = parseTeacherManifest(source.manifest);
    } catch (error) {
      throw new ShippedTeacherError(`The list of shipped teachers in this build is broken (${(error as Error).message}).`);
    }
    checkedManifests.set(key, manifest);
  }
  return manifest;
}

/** The shipped teacher for these settings (same teacher definition, any seed), if any. */
export function shippedTeacherFor(source: ShippedTeacherSource, settings: Settings): ShippedTeacher | undefined {
  return findShippedTeacher(manifestOf(source), settings, ENGINE_VERSION);
}

/** Fetch a shipped teacher's file and check it against its manifest entry. */
export async function fetchShippedTeacher(source: ShippedTeacherSource, entry: ShippedTeacher, sizes: readonly number[]): Promise<TeacherWeights> {
  const url = source.fileUrls[entry.file];
  if (!url) throw new ShippedTeacherError(`The shipped teacher ${entry.file} is missing from this build (the manifest lists it; run npm run teachers and build again).`);
  const resolved = new URL(url, source.baseUrl);
  if (resolved.origin !== new URL(source.baseUrl).origin) throw new ShippedTeacherError(`The shipped teacher ${entry.file} is not served by this site (${resolved.origin}), so it is not used.`);
  let response: Response;
  try {
    response = await source.fetch(resolved.href);
  } catch (error) {
    throw new ShippedTeacherError(`The shipped teacher ${entry.file} could not be downloaded (${(error as Error).message}).`);
  }
  if (!response.ok) throw new ShippedTeacherError(`The shipped teacher ${entry.file} is missing from the server (HTTP ${response.status}).`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new ShippedTeacherError(`The shipped teacher ${entry.file} could not be downloaded (${(error as Error).message}).`);
  }
  try {
    return await verifyShippedTeacher(entry, bytes, sizes);
  } catch (error) {
    throw new ShippedTeacherError((error as Error).message);
  }
}

/**
 * Put the shipped teacher for these settings into the cache, with origin 'shipped' and the
 * manifest's metrics. Resolves to the entry used, or null when none is shipped for them;
 * throws ShippedTeacherError when its file is missing or fails a check.
 */
export async function useShippedTeacherInBrowser(source: ShippedTeacherSource, cache: TeacherCache, settings: Settings, sizes: readonly number[]): Promise<ShippedTeacher | null> {
  const entry = shippedTeacherFor(source, settings);
  if (!entry) return null;
  const { weights } = await fetchShippedTeacher(source, entry, sizes);
  cache.set(teacherKey(settings), {
    weights,
    ...shippedTeacherRecord(entry),
  });
  return entry;
}
