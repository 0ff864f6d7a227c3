/**
 * The worker's question before a long run (workers/long-run-question.ts): from the chosen backend's measured speed,
 * with the browser loop's rests; a long estimate from figures not yet settled is checked by timing the backend again.
 */
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/core/presets';
import type { BackendTrial } from '../../src/core/backend-calibration';
import type { Settings } from '../../src/core/settings';
import { longRunQuestion } from '../../workers/long-run-question';
import type { BackendPort } from '../../workers/controller-ports';
import { oneBackend } from '../../workers/one-backend';

/** "Paper: MNIST" with its teacher trained live (no teacher is shipped here): 29 epochs of 60,000 digits, or 20. */
const liveTeacher: Settings = { ...findPreset('paper-mnist')!.settings, teacherEpochs: 29 };
const shorterTeacher: Settings = { ...liveTeacher, teacherEpochs: 20 };
// Seen in the page: 4,138 examples/s for the teacher at a first visit's load, 39,628 once quiet.
const atLoad: BackendTrial = { backend: 'wasm', teacher: 4138, students: [6107] };
const quiet: BackendTrial = { backend: 'wasm', teacher: 39_628, students: [27_146] };

function ports(first: BackendTrial, again: BackendTrial | null, rests = true) {
  const calls: string[] = [];
  const backends: BackendPort = {
    ...oneBackend('wasm'),
    activeTrial: async () => (calls.push('active'), first),
    retimeActive: async () => (calls.push('again'), again),
  };
  const teachers = { cache: new Map(), store: { load: async () => null }, useShipped: async () => null };
  return { calls, ports: { backends, teachers, shipped: () => undefined, isInMemory: () => true, ...(rests ? { restEveryMs: 16, restMs: 4 } : {}) } };
}

describe('the long-run question', () => {
  it('times the backend again before asking from figures taken at load, and asks nothing once the run proves short', async () => {
    // At load's figures 20 epochs look like minutes; at the quiet ones about 54 s (the page took 79 s for 29).
    const { calls, ports: p } = ports(atLoad, quiet);
    expect(await longRunQuestion(p, 'start', shorterTeacher, false)).toBeNull();
    expect(calls).toEqual(['active', 'again']);
  });

  it('asks with the figures timed again when the run is still long, its rests counted', async () => {
    const slowQuiet: BackendTrial = { backend: 'wasm', teacher: 20_000, students: [15_000] };
    const { ports: p } = ports(atLoad, slowQuiet);
    const question = (await longRunQuestion(p, 'start', liveTeacher, false))!;
    expect(question.estimate.teacherRate).toBe(20_000);
    expect(question.teacher).toBe('train');
    // Node's loop never rests: the same figures give 0.8 of the time.
    const { ports: node } = ports(atLoad, slowQuiet, false);
    expect((await longRunQuestion(node, 'start', liveTeacher, false))!.estimate.seconds).toBeCloseTo(question.estimate.seconds * 0.8, 6);
  });

  it('asks from the first figures when nothing can be timed again (settled already, or chosen by the user)', async () => {
    const { calls, ports: p } = ports(atLoad, null);
    expect((await longRunQuestion(p, 'start', liveTeacher, false))!.estimate.teacherRate).toBe(4138);
    expect(calls).toEqual(['active', 'again']);
  });

  it('a short run is not timed again', async () => {
    const { calls, ports: p } = ports(quiet, atLoad);
    expect(await longRunQuestion(p, 'start', shorterTeacher, false)).toBeNull();
    expect(calls).toEqual(['active']);
  });
});
