/**
 * Your own points in the worker's run controller: they arrive with the
 * settings, the run trains on them (split and transfer set as the page was
 * told), its decision maps cover their canvas, too few are refused with the
 * rule, and a teacher trained on some points is not reused for others.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadRunData } from '../../datasets/index';
import { encodePoints, OWN_POINTS_CANVAS, ownPointsSizes, type OwnPoint } from '../../src/core/own-points';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { teacherKey } from '../../src/core/teacher-origin';
import type { TeacherCache } from '../../src/engine/teacher-cache';
import type { Command, FromWorker, ToWorker } from '../../src/protocol/messages';
import { RunController } from '../../workers/run-controller';
import type { BackendPort } from '../../workers/controller-ports';
import { useCpu } from './setup';
import { oneBackend } from '../../workers/one-backend';

beforeAll(useCpu);
/** Each test's controller; its run is dropped after the test (the models' variables have fixed names). */
let current: Harness | null = null;
afterEach(async () => {
  await current?.send({ type: 'reset' });
  current = null;
});

const backends: BackendPort = oneBackend('cpu');

interface Harness {
  run: RunController;
  messages: FromWorker[];
  cache: TeacherCache;
  send: (command: ToWorker) => Promise<void>;
  /** Resolves once a run has sent 'done'. */
  finished: () => Promise<void>;
}

function controller(): Harness {
  const messages: FromWorker[] = [];
  const cache: TeacherCache = new Map();
  const run = new RunController({
    post: (message) => messages.push(message),
    backends,
    load: (settings) => loadRunData(settings),
    isInMemory: () => true,
    teachers: { cache, store: { load: async () => null }, useShipped: async () => null },
    store: { save: async () => null, forget: async () => [] },
    shipped: () => undefined,
  });
  let seq = 0;
  const send = (command: ToWorker) => run.receive({ ...command, seq: ++seq } as Command);
  const finished = async () => {
    for (let waited = 0; !messages.some((m) => m.type === 'done'); waited += 10) {
      if (waited > 30_000) throw new Error(`No run finished: ${messages.map((m) => ('message' in m ? m.message : m.type)).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  current = { run, messages, cache, send, finished };
  return current;
}

/** Two tight clusters per class, far apart: cat left, dog right. */
const cluster = (label: number, column: number, n: number): OwnPoint[] => Array.from({ length: n }, (_, i) => ({ column: column + (i % 3), row: 70 + Math.floor(i / 3), label }));
const POINTS = [...cluster(0, 40, 6), ...cluster(1, 150, 6)];
const settings: Settings = { ...DEFAULT_SETTINGS, points: encodePoints(POINTS), teacherEpochs: 40, studentEpochs: 20, teacherLayers: '16', studentLayers: '8', studentFraction: 0.5 };

describe('a run on your own points', () => {
  it('trains on them: the data the page is sent is their split, and the maps cover their canvas', async () => {
    const { messages, send, finished } = controller();
    await send({ type: 'start', settings, calibration: null, trainTeacherLive: false });
    await finished();
    const dataset = messages.find((m): m is Extract<FromWorker, { type: 'dataset' }> => m.type === 'dataset')!;
    expect(dataset.settings.points).toBe(settings.points);
    const sizes = ownPointsSizes(POINTS, 6, 0.5);
    expect([dataset.dataset.testY.length, dataset.dataset.transferY.length]).toEqual([sizes.test, sizes.transfer]);
    expect(dataset.dataset.classNames).toEqual(['cat', 'dog', 'tiger', 'car', 'truck', 'bus']);
    const maps = messages.filter((m): m is Extract<FromWorker, { type: 'decision-maps' }> => m.type === 'decision-maps');
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) expect(map.bounds).toEqual(OWN_POINTS_CANVAS);
    const done = messages.find((m): m is Extract<FromWorker, { type: 'done' }> => m.type === 'done')!;
    // Two clusters far apart: the teacher separates its own training points.
    expect(done.teacher.trainAcc).toBe(1);
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('refuses too few points with the rule, and trains nothing', async () => {
    const { messages, send, run } = controller();
    const few = { ...settings, points: encodePoints([...cluster(0, 40, 3), ...cluster(1, 150, 2)]) };
    await send({ type: 'start', settings: few, calibration: null, trainTeacherLive: false });
    const error = messages.find((m): m is Extract<FromWorker, { type: 'error' }> => m.type === 'error');
    expect(error?.message).toBe('To train, place at least 3 points (2 to train on, 1 to test) in each of at least 2 classes: dog has 2.');
    expect(messages.some((m) => m.type === 'dataset')).toBe(false);
    expect(run.state).toBe('idle');
    await send({ type: 'start', settings: { ...settings, points: 'empty' }, calibration: null, trainTeacherLive: false });
    expect(messages.filter((m) => m.type === 'error').at(-1)).toMatchObject({ message: expect.stringMatching(/the canvas is empty\.$/) });
    // A preview of an empty canvas is fine: no points to show.
    await send({ type: 'set-params', settings: { ...settings, points: 'empty' } });
    expect(messages.at(-2)).toMatchObject({ type: 'preview', dataset: { testY: new Int32Array(0) } });
  });

  it('trains a new teacher for other points, and reuses it for the same points', async () => {
    const { messages, send, cache, finished } = controller();
    await send({ type: 'start', settings, calibration: null, trainTeacherLive: false });
    await finished();
    expect(cache.has(teacherKey(settings))).toBe(true);
    const origins = () => messages.filter((m): m is Extract<FromWorker, { type: 'teacher-ready' }> => m.type === 'teacher-ready').map((m) => m.origin.kind);
    // The same points, other students' settings: the teacher is reused.
    messages.length = 0;
    await send({ type: 'start', settings: { ...settings, temperature: 2 }, calibration: null, trainTeacherLive: false });
    await finished();
    expect(origins()).toEqual(['reused']);
    // One point moved: a teacher of its own.
    messages.length = 0;
    const moved = { ...settings, points: encodePoints([{ ...POINTS[0]!, row: 20 }, ...POINTS.slice(1)]) };
    await send({ type: 'start', settings: moved, calibration: null, trainTeacherLive: false });
    await finished();
    expect(origins()).toEqual(['trained']);
    // And the generated dataset's teacher is not the points' either.
    expect(cache.has(teacherKey({ ...settings, points: '' }))).toBe(false);
  });
});
