/**
 * A small in-memory stand-in for IndexedDB's factory, enough for
 * workers/teacher-store.ts (open with upgrade, one object store, get / put /
 * delete / clear / getAllKeys in transactions), with switches for each way a
 * browser's storage fails: open throws, open errors, open is blocked or never
 * answers, a write exceeds the quota.
 */
export interface FakeIdbOptions {
  openThrows?: Error;
  openError?: Error;
  openBlocked?: boolean;
  openHangs?: boolean;
  /** Every put aborts its transaction with this error (e.g. a QuotaExceededError). */
  putError?: Error;
  /** Reads abort with this error. */
  getError?: Error;
}

type Handler = (() => void) | null;

class FakeRequest<T = unknown> {
  result!: T;
  error: Error | null = null;
  onsuccess: Handler = null;
  onerror: Handler = null;
  onblocked: Handler = null;
  onupgradeneeded: Handler = null;
}

const later = (work: () => void) => setTimeout(work, 0);

export class FakeIdbFactory {
  /** The records, by store name then key (inspect or tamper with them in tests). */
  readonly data = new Map<string, Map<string, unknown>>();
  opened = 0;
  closed = 0;
  private version = 0;

  constructor(public options: FakeIdbOptions = {}) {}

  open(_name: string, version: number): FakeRequest {
    this.opened++;
    if (this.options.openThrows) throw this.options.openThrows;
    const request = new FakeRequest();
    later(() => {
      if (this.options.openHangs) return;
      if (this.options.openBlocked) return request.onblocked?.();
      if (this.options.openError) {
        request.error = this.options.openError;
        return request.onerror?.();
      }
      request.result = this.database();
      if (version > this.version) {
        this.version = version;
        request.onupgradeneeded?.();
      }
      request.onsuccess?.();
    });
    return request;
  }

  /** The records of the one store the teacher store uses. */
  records(): Map<string, unknown> {
    return this.data.get('teachers') ?? new Map();
  }

  private database() {
    const factory = this;
    return {
      objectStoreNames: { contains: (name: string) => factory.data.has(name) },
      createObjectStore: (name: string) => factory.data.set(name, new Map()),
      close: () => void factory.closed++,
      onversionchange: null as Handler,
      transaction: (name: string, mode: 'readonly' | 'readwrite') => factory.transaction(name, mode),
    };
  }

  private transaction(name: string, mode: 'readonly' | 'readwrite') {
    const records = this.data.get(name);
    if (!records) throw new DOMException(`No object store ${name}`, 'NotFoundError');
    const options = this.options;
    let pending = 0;
    let failure: Error | null = null;
    const tx = {
      error: null as Error | null,
      oncomplete: null as Handler,
      onabort: null as Handler,
      objectStore: () => store,
    };
    const finish = () =>
      later(() => {
        if (pending > 0) return;
        if (failure) {
          tx.error = failure;
          tx.onabort?.();
        } else tx.oncomplete?.();
      });
    const op = <T>(work: () => T, error?: Error): FakeRequest<T> => {
      const request = new FakeRequest<T>();
      pending++;
      later(() => {
        pending--;
        if (error) {
          failure = error;
          request.error = error;
          request.onerror?.();
        } else {
          request.result = work();
          request.onsuccess?.();
        }
        finish();
      });
      return request;
    };
    const writable = () => {
      if (mode !== 'readwrite') throw new DOMException('Read-only transaction', 'ReadOnlyError');
    };
    const store = {
      get: (key: string) => op(() => structuredClone(records.get(key)), options.getError),
      put: (value: { key: string }) => {
        writable();
        return op(() => void records.set(value.key, structuredClone(value)), options.putError);
      },
      delete: (key: string) => {
        writable();
        return op(() => void records.delete(key));
      },
      clear: () => {
        writable();
        return op(() => records.clear());
      },
      getAllKeys: () => op(() => [...records.keys()]),
    };
    return tx;
  }
}
