/**
 * Teachers trained in this browser, kept in IndexedDB (usable inside the
 * worker) so a reload or another tab reuses them instead of training again.
 * Records are keyed by `teacherKey(settings)`; each says the ENGINE_VERSION
 * that trained it, and one of another version is ignored and deleted.
 *
 * Storage may be missing, refused, blocked by another tab, full or damaged:
 * every such failure gives one notice (through `onProblem`) and the app goes
 * on without storing. No method of `TeacherStore` ever rejects, and every
 * IndexedDB wait has a time limit, so a run never waits on storage for long.
 *
 * Two layers, so the failure paths are unit-tested in Node without a browser:
 * `TeacherRecords` (the few promise-based operations the store needs, with
 * `openIndexedDbRecords` implementing them over an IDBFactory) and
 * `TeacherStore` (versions, checksums, decoding and the failure policy).
 */
import { decodeTeacher, encodeTeacher, sha256Hex, type TeacherWeights } from '../src/core/teacher-file';
import { ENGINE_VERSION } from '../src/core/teacher-origin';

export interface TeacherMetrics {
  loss: number;
  trainAcc: number;
  testAcc: number;
}

/** One stored teacher, as IndexedDB keeps it. */
export interface StoredTeacherRecord {
  /** `teacherKey(settings)`: everything that defines the teacher, the seed included. */
  key: string;
  engineVersion: number;
  /** When it was stored (ms since 1970). */
  savedAt: number;
  metrics: TeacherMetrics;
  /** SHA-256 of `bytes`, to tell a damaged record from a good one. */
  sha256: string;
  /** `encodeTeacher` of its sizes and weights. */
  bytes: Uint8Array;
}

/** A stored teacher, read back and checked. */
export interface StoredTeacher {
  weights: Float32Array[];
  metrics: TeacherMetrics;
  savedAt: number;
}

/** The operations the store needs of IndexedDB. */
export interface TeacherRecords {
  get(key: string): Promise<unknown>;
  put(record: StoredTeacherRecord): Promise<void>;
  delete(key: string): Promise<void>;
  /** Remove every record; resolves to the keys that were there. */
  clear(): Promise<string[]>;
}

export type IndexedDbFactory = Pick<IDBFactory, 'open'>;

export const TEACHER_DB_NAME = 'dkl-teachers';
export const TEACHER_DB_VERSION = 1;
const STORE_NAME = 'teachers';
/** Longest wait for IndexedDB to answer (opening, or one operation) before giving up on it. */
export const STORAGE_TIMEOUT_MS = 5000;

export const errorText = (error: unknown): string =>
  error instanceof Error ? (error.name && error.name !== 'Error' && !error.message.includes(error.name) ? `${error.name}: ${error.message}` : error.message) : String(error);

export const isQuotaError = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'QuotaExceededError' || /quota/i.test(error.message));

/** The IndexedDB of this page or worker, or null where there is none or touching it throws. */
export function globalIndexedDb(): IndexedDbFactory | null {
  try {
    const factory = (globalThis as { indexedDB?: IndexedDbFactory }).indexedDB;
    return factory && typeof factory.open === 'function' ? factory : null;
  } catch {
    return null;
  }
}

/** A promise that settles like `work`, or rejects once `ms` have passed. */
function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`IndexedDB did not answer within ${ms / 1000} s (${what})`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Open the teachers' database; rejects when IndexedDB is missing, refused, blocked or silent. */
export function openIndexedDbRecords(factory: IndexedDbFactory | null, timeoutMs: number = STORAGE_TIMEOUT_MS): Promise<TeacherRecords> {
  if (!factory) return Promise.reject(new Error('IndexedDB is not available in this browser'));
  let settled = false;
  const opening = new Promise<IDBDatabase>((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(TEACHER_DB_NAME, TEACHER_DB_VERSION);
    } catch (error) {
      reject(error);
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(STORE_NAME)) db.createObjectStore(STORE_NAME, { keyPath: 'key' });
    };
    request.onsuccess = () => {
      // Opened after we gave up (blocked, then unblocked; or too slow): let it go.
      if (settled) request.result.close();
      else resolve(request.result);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab of this app; close it to keep teachers'));
  });
  const guarded = withTimeout(opening, timeoutMs, 'opening').finally(() => (settled = true));
  return guarded.then((db) => indexedDbRecords(db, timeoutMs));
}

function indexedDbRecords(db: IDBDatabase, timeoutMs: number): TeacherRecords {
  // Another tab upgrading the database: step aside (later operations fail and storing stops).
  db.onversionchange = () => db.close();
  /** One transaction; resolves with `work`'s result once it has committed. */
  const transaction = <T>(mode: IDBTransactionMode, what: string, work: (store: IDBObjectStore, done: (value: T) => void) => void): Promise<T> =>
    withTimeout(
      new Promise<T>((resolve, reject) => {
        let result: T;
        let tx: IDBTransaction;
        try {
          tx = db.transaction(STORE_NAME, mode);
          work(tx.objectStore(STORE_NAME), (value) => (result = value));
        } catch (error) {
          reject(error);
          return;
        }
        tx.oncomplete = () => resolve(result);
        tx.onabort = () => reject(tx.error ?? new Error(`IndexedDB ${what} was aborted`));
      }),
      timeoutMs,
      what,
    );
  return {
    get: (key) =>
      transaction<unknown>('readonly', 'reading', (store, done) => {
        const request = store.get(key);
        request.onsuccess = () => done(request.result);
      }),
    put: (record) => transaction<void>('readwrite', 'writing', (store) => void store.put(record)),
    delete: (key) => transaction<void>('readwrite', 'deleting', (store) => void store.delete(key)),
    clear: () =>
      transaction<string[]>('readwrite', 'clearing', (store, done) => {
        const keys = store.getAllKeys();
        keys.onsuccess = () => {
          done(keys.result.map(String));
          store.clear();
        };
      }),
  };
}

class OtherEngineVersion extends Error {}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Check a record read back from storage and decode its weights; throws on anything damaged. */
async function readRecord(value: unknown, key: string, sizes: readonly number[]): Promise<StoredTeacher> {
  if (typeof value !== 'object' || value === null) throw new Error('not a record');
  const record = value as Partial<Record<keyof StoredTeacherRecord, unknown>>;
  if (finite(record.engineVersion) && record.engineVersion !== ENGINE_VERSION) throw new OtherEngineVersion();
  if (record.engineVersion !== ENGINE_VERSION) throw new Error('no engine version');
  if (record.key !== key) throw new Error('stored under another key');
  if (!finite(record.savedAt)) throw new Error('no date');
  const metrics = record.metrics as Partial<TeacherMetrics> | undefined;
  if (!metrics || !finite(metrics.loss) || !finite(metrics.trainAcc) || !finite(metrics.testAcc)) throw new Error('no metrics');
  const raw = record.bytes;
  const bytes = raw instanceof Uint8Array ? raw : raw instanceof ArrayBuffer ? new Uint8Array(raw) : null;
  if (!bytes) throw new Error('no weights');
  if (typeof record.sha256 !== 'string' || (await sha256Hex(bytes)) !== record.sha256) throw new Error('its checksum does not match');
  const decoded = decodeTeacher(bytes);
  if (decoded.sizes.join('-') !== sizes.join('-')) throw new Error(`sizes ${decoded.sizes.join('-')}, the run needs ${sizes.join('-')}`);
  return { weights: decoded.weights, metrics: { loss: metrics.loss, trainAcc: metrics.trainAcc, testAcc: metrics.testAcc }, savedAt: record.savedAt };
}

export interface TeacherStoreOptions {
  /** Opens the records; called once, on first use. */
  open: () => Promise<TeacherRecords>;
  /** Told once per kind of failure, in words for the page. */
  onProblem: (message: string) => void;
  now?: () => number;
}

export class TeacherStore {
  private readonly openRecords: () => Promise<TeacherRecords>;
  private readonly onProblem: (message: string) => void;
  private readonly now: () => number;
  private records: Promise<TeacherRecords> | null = null;
  /** Why IndexedDB cannot be used at all in this session. */
  private unavailable: string | null = null;
  /** Why storing has stopped (a refused or full write); reading and forgetting still work. */
  private writesOff: string | null = null;
  private damagedReported = false;
  /** Operations one after another, so a forget never races a write. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor({ open, onProblem, now = Date.now }: TeacherStoreOptions) {
    this.openRecords = open;
    this.onProblem = onProblem;
    this.now = now;
  }

  /** True while trained teachers are being kept. */
  get storing(): boolean {
    return this.unavailable === null && this.writesOff === null;
  }

  /** The stored teacher under this key, checked; null when there is none, it is damaged or storage fails. */
  load(key: string, sizes: readonly number[]): Promise<StoredTeacher | null> {
    return this.serial(async () => {
      const records = await this.connection();
      if (!records) return null;
      let value: unknown;
      try {
        value = await records.get(key);
      } catch (error) {
        this.markUnavailable(`Teachers kept in this browser could not be read (${errorText(error)}); teachers are trained, and not kept, for the rest of this visit.`);
        return null;
      }
      if (value === undefined) return null;
      try {
        return await readRecord(value, key, sizes);
      } catch (error) {
        if (!(error instanceof OtherEngineVersion) && !this.damagedReported) {
          this.damagedReported = true;
          this.onProblem(`A teacher kept in this browser was damaged (${errorText(error)}); it was removed, and the teacher is trained again.`);
        }
        await records.delete(key).catch(() => undefined);
        return null;
      }
    }, null);
  }

  /** Keep a trained teacher (replacing one under the same key); resolves to its savedAt, or null when it was not kept. */
  save(key: string, teacher: TeacherWeights, metrics: TeacherMetrics): Promise<number | null> {
    return this.serial(async () => {
      if (this.writesOff) return null;
      const records = await this.connection();
      if (!records) return null;
      try {
        const bytes = encodeTeacher(teacher);
        const savedAt = this.now();
        const { loss, trainAcc, testAcc } = metrics;
        await records.put({ key, engineVersion: ENGINE_VERSION, savedAt, metrics: { loss, trainAcc, testAcc }, sha256: await sha256Hex(bytes), bytes });
        return savedAt;
      } catch (error) {
        this.writesOff = isQuotaError(error)
          ? `This browser's storage for the app is full, so trained teachers are no longer kept (${errorText(error)}). Forget stored teachers to make room; everything else goes on as before.`
          : `This browser refused to keep the trained teacher (${errorText(error)}); teachers are trained, and not kept, for the rest of this visit.`;
        this.onProblem(this.writesOff);
        return null;
      }
    }, null);
  }

  /** Remove every stored teacher (of any engine version); resolves to their keys ([] when storage is unavailable). */
  forget(): Promise<string[]> {
    return this.serial(async () => {
      const records = await this.connection();
      if (!records) return [];
      try {
        const keys = await records.clear();
        // Room again: a full storage may keep teachers from now on.
        this.writesOff = null;
        return keys;
      } catch (error) {
        this.markUnavailable(`The teachers kept in this browser could not be forgotten (${errorText(error)}); clear this site's data in the browser's settings to remove them.`);
        return [];
      }
    }, []);
  }

  private async connection(): Promise<TeacherRecords | null> {
    if (this.unavailable) return null;
    this.records ??= this.openRecords();
    try {
      return await this.records;
    } catch (error) {
      this.markUnavailable(`Teachers cannot be kept in this browser (${errorText(error)}); each visit trains its teachers again. Everything else works.`);
      return null;
    }
  }

  private markUnavailable(message: string): void {
    if (this.unavailable) return;
    this.unavailable = message;
    this.onProblem(message);
  }

  /** Run `work` after the operations before it; any error becomes `fallback` (never a rejection). */
  private serial<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    const next = this.queue.then(work).catch(() => fallback);
    this.queue = next;
    return next;
  }
}
