/**
 * The manifest of the teachers shipped with the app (datasets/teachers/manifest.json),
 * written by `npm run teachers`: what each was trained with, by which command,
 * its test errors and its file's checksum. Parsing, matching and verifying are
 * pure; reading the bytes is the caller's (a file in Node, a fetch in the browser).
 */
import { type Settings, DATASET_NAMES } from './settings';
import { decodeTeacher, sha256Hex, type TeacherWeights } from './teacher-file';
import { teacherKeyWithoutSeed, withTeacherDefinition, type TeacherDefinition, type TeacherOrigin } from './teacher-origin';

export interface ShippedTeacher {
  /** File stem, e.g. "digits-14-256-256". */
  name: string;
  /** File name beside the manifest. */
  file: string;
  bytes: number;
  sha256: string;
  definition: TeacherDefinition;
  engineVersion: number;
  /** The command that trained it, e.g. "npm run teachers". */
  command: string;
  /** Backend it trained on, and the one its test errors were counted on. */
  trainedOn: string;
  evaluatedOn: string;
  seconds: number;
  loss: number;
  trainAcc: number;
  testAcc: number;
  testErrors: number;
  testCount: number;
  createdAt: string;
}

export interface TeacherManifest {
  version: 1;
  teachers: ShippedTeacher[];
}

const NUMBER_FIELDS = ['bytes', 'engineVersion', 'seconds', 'loss', 'trainAcc', 'testAcc', 'testErrors', 'testCount'] as const;
const STRING_FIELDS = ['name', 'file', 'sha256', 'command', 'trainedOn', 'evaluatedOn', 'createdAt'] as const;

/** Check a parsed manifest's shape; throws a clear Error naming the first bad field. */
export function parseTeacherManifest(value: unknown): TeacherManifest {
  const fail = (what: string): never => {
    throw new Error(`Teacher manifest: ${what}`);
  };
  if (typeof value !== 'object' || value === null) fail('not an object');
  const { version, teachers } = value as { version?: unknown; teachers?: unknown };
  if (version !== 1) fail(`version ${String(version)} is not 1`);
  if (!Array.isArray(teachers)) fail('"teachers" is not a list');
  (teachers as unknown[]).forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null) fail(`teacher ${i} is not an object`);
    const record = entry as Record<string, unknown>;
    for (const field of STRING_FIELDS) if (typeof record[field] !== 'string') fail(`teacher ${i}: "${field}" is not text`);
    for (const field of NUMBER_FIELDS) if (typeof record[field] !== 'number' || !Number.isFinite(record[field])) fail(`teacher ${i}: "${field}" is not a number`);
    if (!/^[a-z0-9-]+\.bin$/.test(record.file as string)) fail(`teacher ${i}: file name "${String(record.file)}" is not allowed`);
    const definition = record.definition as Record<string, unknown> | undefined;
    if (typeof definition !== 'object' || definition === null) fail(`teacher ${i}: no "definition"`);
    if (!(DATASET_NAMES as readonly unknown[]).includes(definition!.dataset)) fail(`teacher ${i}: unknown dataset`);
  });
  return value as TeacherManifest;
}

/** The shipped teacher for these settings (same teacher definition; any run seed), if any. */
export function findShippedTeacher(manifest: TeacherManifest, settings: Settings, engineVersion: number): ShippedTeacher | undefined {
  const key = teacherKeyWithoutSeed(settings);
  return manifest.teachers.find((t) => t.engineVersion === engineVersion && teacherKeyWithoutSeed(withTeacherDefinition(settings, t.definition)) === key);
}

/** Check the bytes against the manifest (length, checksum, sizes) and decode them. */
export async function verifyShippedTeacher(entry: ShippedTeacher, bytes: Uint8Array, expectedSizes: readonly number[]): Promise<TeacherWeights> {
  if (bytes.length !== entry.bytes) throw new Error(`The shipped teacher ${entry.file} is ${bytes.length} bytes, the manifest says ${entry.bytes}.`);
  const sum = await sha256Hex(bytes);
  if (sum !== entry.sha256) throw new Error(`The shipped teacher ${entry.file} fails its checksum (sha256 ${sum.slice(0, 12)}…, manifest ${entry.sha256.slice(0, 12)}…).`);
  const decoded = decodeTeacher(bytes);
  if (decoded.sizes.join('-') !== expectedSizes.join('-')) throw new Error(`The shipped teacher ${entry.file} has sizes ${decoded.sizes.join('-')}, the run needs ${expectedSizes.join('-')}.`);
  return decoded;
}

/** A shipped teacher's metrics and origin, as a run's teacher cache holds them (Node and the worker alike). */
export function shippedTeacherRecord(entry: ShippedTeacher): { metrics: { loss: number; trainAcc: number; testAcc: number }; origin: TeacherOrigin } {
  return {
    metrics: { loss: entry.loss, trainAcc: entry.trainAcc, testAcc: entry.testAcc },
    origin: { kind: 'shipped', name: entry.name, seed: entry.definition.seed, command: entry.command },
  };
}

/** A shipped teacher the run needs is missing, damaged or not for this run. */
export class ShippedTeacherError extends Error {
  override name = 'ShippedTeacherError';
}
