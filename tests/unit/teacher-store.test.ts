import { describe, expect, it } from 'vitest';
import { openIndexedDbRecords, TeacherStore, type IndexedDbFactory, type StoredTeacherRecord, type TeacherRecords } from '../../workers/teacher-store';
import { ENGINE_VERSION } from '../../src/core/teacher-origin';
import { FakeIdbFactory, type FakeIdbOptions } from './fake-indexeddb';

const SIZES = [2, 3, 2];
const teacher = () => ({ sizes: SIZES, weights: [Float32Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([0.5, -0.5, 0]), Float32Array.from([1, 0, 0, 1, 1, 1]), Float32Array.from([0.25, -0.25])] });
const metrics = { loss: 0.1, trainAcc: 0.99, testAcc: 0.982 };
const KEY = '{"dataset":"spirals","seed":1}';

function storeOver(factory: FakeIdbFactory | IndexedDbFactory | null, timeoutMs = 200) {
  const problems: string[] = [];
  const store = new TeacherStore({ open: () => openIndexedDbRecords(factory as IndexedDbFactory | null, timeoutMs), onProblem: (m) => problems.push(m), now: () => 1_795_000_000_000 });
  return { store, problems };
}

const failing = (options: FakeIdbOptions) => storeOver(new FakeIdbFactory(options));

describe('teacher store (IndexedDB)', () => {
  it('keeps a trained teacher and reads the same weights and metrics back', async () => {
    const factory = new FakeIdbFactory();
    const { store, problems } = storeOver(factory);
    expect(await store.save(KEY, teacher(), metrics)).toBe(1_795_000_000_000);
    // Another tab (or a reload): a new store over the same database.
    const { store: again } = storeOver(factory);
    const loaded = await again.load(KEY, SIZES);
    expect(loaded?.metrics).toEqual(metrics);
    expect(loaded?.savedAt).toBe(1_795_000_000_000);
    expect(loaded?.weights.map((w) => Array.from(w))).toEqual(teacher().weights.map((w) => Array.from(w)));
    expect(await again.load('{"other":1}', SIZES)).toBeNull();
    expect(problems).toEqual([]);
  });

  it('replaces a stored teacher under the same key', async () => {
    const factory = new FakeIdbFactory();
    const { store } = storeOver(factory);
    await store.save(KEY, teacher(), metrics);
    await store.save(KEY, teacher(), { ...metrics, testAcc: 0.5 });
    expect(factory.records().size).toBe(1);
    expect((await store.load(KEY, SIZES))?.metrics.testAcc).toBe(0.5);
  });

  it('ignores and deletes a record of another engine version, without a notice', async () => {
    const factory = new FakeIdbFactory();
    const { store, problems } = storeOver(factory);
    await store.save(KEY, teacher(), metrics);
    (factory.records().get(KEY) as StoredTeacherRecord).engineVersion = ENGINE_VERSION - 1;
    expect(await store.load(KEY, SIZES)).toBeNull();
    expect(factory.records().has(KEY)).toBe(false);
    expect(problems).toEqual([]);
  });

  it('removes a damaged record with one notice, and trains again', async () => {
    const factory = new FakeIdbFactory();
    const { store, problems } = storeOver(factory);
    await store.save(KEY, teacher(), metrics);
    const record = factory.records().get(KEY) as StoredTeacherRecord;
    record.bytes[40] = record.bytes[40]! ^ 0xff;
    expect(await store.load(KEY, SIZES)).toBeNull();
    expect(factory.records().has(KEY)).toBe(false);
    factory.records().set(KEY, { key: KEY, engineVersion: ENGINE_VERSION, savedAt: 'soon' });
    expect(await store.load(KEY, SIZES)).toBeNull();
    expect(problems).toEqual([expect.stringMatching(/A teacher kept in this browser was damaged \(its checksum does not match\); it was removed/)]);
    // Storing still works.
    expect(await store.save(KEY, teacher(), metrics)).not.toBeNull();
  });

  it('refuses a record whose sizes are not the run’s', async () => {
    const { store, problems } = storeOver(new FakeIdbFactory());
    await store.save(KEY, teacher(), metrics);
    expect(await store.load(KEY, [2, 4, 2])).toBeNull();
    expect(problems[0]).toMatch(/sizes 2-3-2, the run needs 2-4-2/);
  });

  it('forgets every stored teacher, of any engine version, and says which', async () => {
    const factory = new FakeIdbFactory();
    const { store } = storeOver(factory);
    await store.save(KEY, teacher(), metrics);
    await store.save('b', teacher(), metrics);
    factory.records().set('old', { key: 'old', engineVersion: 1 });
    expect((await store.forget()).sort()).toEqual(['b', 'old', KEY].sort());
    expect(factory.records().size).toBe(0);
    expect(await store.load(KEY, SIZES)).toBeNull();
    expect(await store.forget()).toEqual([]);
  });

  it('a full storage (QuotaExceededError): one notice, no more storing, reading goes on, forgetting makes room', async () => {
    const factory = new FakeIdbFactory();
    const { store, problems } = storeOver(factory);
    await store.save('kept', teacher(), metrics);
    factory.options.putError = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(await store.save(KEY, teacher(), metrics)).toBeNull();
    expect(await store.save(KEY, teacher(), metrics)).toBeNull();
    expect(store.storing).toBe(false);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/storage for the app is full.*QuotaExceededError.*Forget stored teachers to make room/);
    expect(await store.load('kept', SIZES)).not.toBeNull();
    expect(await store.forget()).toEqual(['kept']);
    factory.options.putError = undefined;
    expect(await store.save(KEY, teacher(), metrics)).not.toBeNull();
  });

  it.each<[string, FakeIdbOptions | null, RegExp]>([
    ['no IndexedDB at all', null, /IndexedDB is not available/],
    ['open throws (SecurityError)', { openThrows: new DOMException('Access denied', 'SecurityError') }, /SecurityError: Access denied/],
    ['open fails', { openError: new DOMException('Internal error', 'UnknownError') }, /UnknownError: Internal error/],
    ['open is blocked by another tab', { openBlocked: true }, /blocked by another tab/],
    ['open never answers', { openHangs: true }, /did not answer within 0.2 s \(opening\)/],
  ])('%s: one notice, every call resolves, the app goes on without storing', async (_, options, message) => {
    const { store, problems } = options ? failing(options) : storeOver(null);
    await expect(store.load(KEY, SIZES)).resolves.toBeNull();
    await expect(store.save(KEY, teacher(), metrics)).resolves.toBeNull();
    await expect(store.forget()).resolves.toEqual([]);
    await expect(store.load(KEY, SIZES)).resolves.toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toMatch(/Teachers cannot be kept in this browser/);
    expect(store.storing).toBe(false);
  });

  it('a read that fails turns storage off with one notice', async () => {
    const factory = new FakeIdbFactory({ getError: new DOMException('Disk gone', 'UnknownError') });
    const { store, problems } = storeOver(factory);
    expect(await store.load(KEY, SIZES)).toBeNull();
    expect(await store.save(KEY, teacher(), metrics)).toBeNull();
    expect(problems).toEqual([expect.stringMatching(/could not be read \(UnknownError: Disk gone\)/)]);
  });

  it('never rejects, whatever the records throw, and keeps operations in order', async () => {
    const order: string[] = [];
    const records: TeacherRecords = {
      get: async () => {
        order.push('get');
        throw new TypeError('boom');
      },
      put: async () => {
        order.push('put');
        throw new TypeError('boom');
      },
      delete: async () => undefined,
      clear: async () => {
        order.push('clear');
        throw new TypeError('boom');
      },
    };
    const problems: string[] = [];
    const store = new TeacherStore({ open: async () => records, onProblem: (m) => problems.push(m) });
    const results = await Promise.all([store.save(KEY, teacher(), metrics), store.forget(), store.load(KEY, SIZES)]);
    expect(results).toEqual([null, [], null]);
    expect(order).toEqual(['put', 'clear']);
    expect(problems).toHaveLength(2);
  });
});
