import { describe, expect, it, vi } from 'vitest';
import { findReadyTeacher, prepareTeacher, type TeacherLookup } from '../../workers/teacher-lookup';
import { ShippedTeacherError } from '../../workers/shipped-teachers';
import { findPreset } from '../../src/core/presets';
import { teacherKey } from '../../src/core/teacher-origin';
import type { Settings } from '../../src/core/settings';
import type { TeacherCache, TeacherSnapshot } from '../../src/engine/teacher-cache';
import type { StoredTeacher } from '../../workers/teacher-store';

const settings = findPreset('low-data')!.settings as Settings;
const key = teacherKey(settings);
const metrics = { loss: 0.1, trainAcc: 0.99, testAcc: 0.98 };
const snapshot = (origin: TeacherSnapshot['origin']): TeacherSnapshot => ({ weights: [new Float32Array(1)], metrics, origin });

function lookup(options: { cached?: TeacherSnapshot; stored?: StoredTeacher | null; shipped?: boolean | Error } = {}) {
  const cache: TeacherCache = new Map(options.cached ? [[key, options.cached]] : []);
  const load = vi.fn(async () => options.stored ?? null);
  const useShipped = vi.fn(async (c: TeacherCache) => {
    if (options.shipped instanceof Error) throw options.shipped;
    if (!options.shipped) return null;
    c.set(key, snapshot({ kind: 'shipped', name: 'x', seed: 1, command: 'npm run teachers' }));
    return {};
  });
  const value: TeacherLookup = { cache, store: { load }, useShipped };
  return { value, cache, load, useShipped };
}

describe('where a run’s teacher comes from', () => {
  it('memory first: nothing else is asked', async () => {
    const { value, load, useShipped } = lookup({ cached: snapshot({ kind: 'trained' }), stored: { weights: [], metrics, savedAt: 1 }, shipped: true });
    expect(await prepareTeacher(value, settings, false)).toBe('memory');
    expect(load).not.toHaveBeenCalled();
    expect(useShipped).not.toHaveBeenCalled();
  });

  it('a shipped or stored teacher in memory that no run has evaluated yet keeps its source (the next run evaluates it)', async () => {
    for (const origin of [{ kind: 'shipped', name: 'x', seed: 1, command: 'npm run teachers' }, { kind: 'stored', savedAt: 1 }] as const) {
      const waiting = lookup({ cached: snapshot(origin) });
      expect(await prepareTeacher(waiting.value, settings, false)).toBe(origin.kind);
      expect(await findReadyTeacher(waiting.value, () => true, settings, false)).toBe(origin.kind);
      expect(waiting.load).not.toHaveBeenCalled();
      const evaluated = lookup({ cached: { ...snapshot(origin), evaluatedHere: true } });
      expect(await prepareTeacher(evaluated.value, settings, false)).toBe('memory');
      expect(await findReadyTeacher(evaluated.value, () => true, settings, false)).toBe('memory');
    }
  });

  it('then the teacher stored in this browser, under the same key, with its date', async () => {
    const { value, cache, load, useShipped } = lookup({ stored: { weights: [new Float32Array(2)], metrics, savedAt: 1_795_000_000_000 }, shipped: true });
    expect(await prepareTeacher(value, settings, false)).toBe('stored');
    expect(load).toHaveBeenCalledWith(key, [2, 64, 64, 6]);
    expect(cache.get(key)?.origin).toEqual({ kind: 'stored', savedAt: 1_795_000_000_000 });
    expect(cache.get(key)?.metrics).toEqual(metrics);
    expect(useShipped).not.toHaveBeenCalled();
  });

  it('then a shipped one, then training', async () => {
    const shipped = lookup({ shipped: true });
    expect(await prepareTeacher(shipped.value, settings, false)).toBe('shipped');
    expect(shipped.cache.get(key)?.origin.kind).toBe('shipped');
    const none = lookup();
    expect(await prepareTeacher(none.value, settings, false)).toBe('train');
    expect(none.cache.size).toBe(0);
  });

  it('a broken shipped teacher stops the run', async () => {
    const { value } = lookup({ shipped: new ShippedTeacherError('fails its checksum') });
    await expect(prepareTeacher(value, settings, false)).rejects.toThrow(ShippedTeacherError);
  });

  it('"train live" skips all three and drops the cached teacher', async () => {
    const { value, cache, load, useShipped } = lookup({ cached: snapshot({ kind: 'stored', savedAt: 1 }), stored: { weights: [], metrics, savedAt: 1 }, shipped: true });
    expect(await prepareTeacher(value, settings, true)).toBe('train');
    expect(cache.has(key)).toBe(false);
    expect(load).not.toHaveBeenCalled();
    expect(useShipped).not.toHaveBeenCalled();
  });

  it('a label-smoothed teacher’s unsmoothed twin is looked up on its own, under its own key', async () => {
    const smoothed = { ...settings, teacherLabelSmoothing: 0.1 };
    const twinKey = teacherKey(settings);
    const smoothedKey = teacherKey(smoothed);
    // The twin is shipped, the smoothed teacher is not: the run trains it (and only it; the twin comes from the cache).
    const useShipped = vi.fn(async (c: TeacherCache, s: Settings) => {
      if (s.teacherLabelSmoothing > 0) return null;
      c.set(twinKey, snapshot({ kind: 'shipped', name: 'x', seed: 1, command: 'npm run teachers' }));
      return {};
    });
    const cache: TeacherCache = new Map();
    const value: TeacherLookup = { cache, store: { load: vi.fn(async () => null) }, useShipped };
    expect(await prepareTeacher(value, smoothed, false)).toBe('train');
    expect(useShipped.mock.calls.map(([, s]) => s.teacherLabelSmoothing)).toEqual([0.1, 0]);
    expect([...cache.keys()]).toEqual([twinKey]);
    // Both ready: the teacher's own source stands.
    cache.set(smoothedKey, snapshot({ kind: 'trained' }));
    expect(await prepareTeacher(value, smoothed, false)).toBe('memory');
    expect(await findReadyTeacher(value, () => true, smoothed, false)).toBe('memory');
    // Train live drops both.
    expect(await prepareTeacher(value, smoothed, true)).toBe('train');
    expect(cache.size).toBe(0);
    expect(await findReadyTeacher(value, (s) => s.teacherLabelSmoothing === 0, smoothed, false)).toBe('train');
  });
});
