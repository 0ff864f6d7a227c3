/**
 * The worker's run controller driven in Node by seeded random command
 * sequences, as a page clicking at random would send them (several in one
 * tick, or spread over a few milliseconds), with the invariants the page
 * relies on checked after every sequence.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRng, type Rng } from '../../src/core/rng';
import type { Settings } from '../../src/core/settings';
import { DistillationRun, TrainingDivergedError } from '../../src/engine/distillation-run';
import { BackendLostError } from '../../src/engine/backend-loss';
import type { BackendName, Command, FromWorker, RunState, ToWorker } from '../../src/protocol/messages';
import { FakeBackends, SETTINGS, base, controllerFor } from './controller-fakes';
import { useCpu } from './setup';

beforeAll(useCpu);
afterEach(() => vi.restoreAllMocks());

function randomCommand(rng: Rng): ToWorker {
  const settings = SETTINGS[rng.int(SETTINGS.length)]!;
  const live = rng.next() < 0.1;
  switch (rng.int(10)) {
    case 0:
    case 1:
      return { type: 'start', settings, calibration: null, trainTeacherLive: live };
    case 2:
      return { type: 'step', settings, calibration: null, trainTeacherLive: live };
    case 3:
    case 4:
      return { type: 'pause' };
    case 5:
      return { type: 'resume' };
    case 6:
      return { type: 'reset' };
    case 7:
      return { type: 'set-params', settings };
    case 8:
      // A digit drawn on the page (here a 2-D point): read by the run's models, if any, and never changing the run.
      return { type: 'classify', requestId: rng.int(1000), pixels: Float32Array.of(rng.next() * 2 - 1, rng.next() * 2 - 1) };
    default:
      return rng.next() < 0.5 ? { type: 'forget-teachers' } : { type: 'set-backend', backend: 'auto', settings, calibration: null };
  }
}

/** How long the page waits before its next click: the same tick, a microtask, a macrotask or a few ms. */
async function gap(rng: Rng): Promise<void> {
  const kind = rng.int(4);
  if (kind === 1) await Promise.resolve();
  else if (kind === 2) await new Promise((resolve) => setTimeout(resolve, 0));
  else if (kind === 3) await new Promise((resolve) => setTimeout(resolve, 1 + rng.int(6)));
}

const isState = (m: FromWorker): m is Extract<FromWorker, { type: 'state' }> => m.type === 'state';
const TRAINS: ReadonlySet<ToWorker['type']> = new Set(['start', 'resume', 'step']);

/** One random sequence; returns what the page would show and what the controller's state is. */
async function playSequence(seed: number, length: number) {
  const rng = createRng(seed);
  const messages: { message: FromWorker; slices: number }[] = [];
  const { controller } = controllerFor(rng, messages);
  const sent: Command[] = [];
  const send = (command: ToWorker) => {
    const numbered = { ...command, seq: sent.length + 1 } as Command;
    sent.push(numbered);
    void controller.receive(numbered);
  };
  for (let i = 0; i < length; i++) {
    send(randomCommand(rng));
    await gap(rng);
  }
  // The lecturer's last click is Pause, or Reset; then everything settles.
  send(rng.next() < 0.5 ? { type: 'pause' } : { type: 'reset' });
  await controller.settled();
  await controller.idle();
  await controller.settled();
  return { controller, messages, sent };
}

/** The invariants, with the seed in every message so a failure reproduces. */
function checkInvariants(seed: number, { controller, messages, sent }: Awaited<ReturnType<typeof playSequence>>) {
  const why = `seed ${seed}: ${sent.map((c) => c.type).join(' ')}`;
  // At most one slice ever trains at a time (one loop).
  expect(controller.diagnostics.maxSlicesInFlight, why).toBeLessThanOrEqual(1);
  expect(controller.diagnostics.maxLoops, why).toBeLessThanOrEqual(1);
  const states = messages.filter((m) => isState(m.message)) as { message: Extract<FromWorker, { type: 'state' }>; slices: number }[];
  // Every command answered, in order: the acks run 1…N (a run ending by itself repeats the latest).
  const acks = states.map((s) => s.message.ack);
  expect([...new Set(acks)], why).toEqual(sent.map((c) => c.seq));
  expect(acks.every((ack, i) => i === 0 || ack >= acks[i - 1]!), why).toBe(true);
  // Nothing trains after the worker said it does not: no slice starts between a state that is not 'training' and
  // the next command that trains.
  for (let i = 0; i + 1 < states.length; i++) {
    const now = states[i]!;
    const next = states[i + 1]!;
    if (now.message.state === 'training') continue;
    const nextCommand = sent[next.message.ack - 1]!;
    if (next.message.ack !== now.message.ack && TRAINS.has(nextCommand.type)) continue;
    expect(next.slices, `${why} (a slice started after state #${i} '${now.message.state}')`).toBe(now.slices);
  }
  // The page (which applies a state only when it answers its last command) shows what the controller is.
  const lastSeq = sent.at(-1)!.seq;
  const pageState = states.filter((s) => s.message.ack === lastSeq).at(-1)?.message.state;
  expect(pageState, why).toBe(controller.state);
  expect(['paused', 'idle', 'done'] as RunState[], why).toContain(controller.state);
  // Every reading answered, once, in order, with logits or the reason there are none.
  const readings = sent.flatMap((c) => (c.type === 'classify' ? [c.requestId] : []));
  const answers = messages.flatMap((m) => (m.message.type === 'classified' ? [m.message] : []));
  expect(answers.map((a) => a.requestId), why).toEqual(readings);
  expect(answers.every((a) => (a.logits === null) !== (a.reason === null)), why).toBe(true);
  // No failures in a fault-free sequence.
  expect(messages.filter((m) => m.message.type === 'error').map((m) => m.message), why).toEqual([]);
}

describe('run controller: random command sequences', () => {
  it('keeps its invariants over 250 seeded sequences (3,000 commands), and leaks no tensors', async () => {
    const tensorsBefore = tf.memory().numTensors;
    let commands = 0;
    let shippedShown = 0;
    for (let seed = 1; seed <= 250; seed++) {
      const played = await playSequence(seed, 11);
      commands += played.sent.length;
      checkInvariants(seed, played);
      // A shipped teacher is shown with the numbers its run computed, never its record's (loss 9).
      for (const { message } of played.messages) {
        if (message.type !== 'teacher-ready' || message.origin.kind !== 'shipped') continue;
        shippedShown++;
        expect(message.teacher.loss, `seed ${seed}`).not.toBe(9);
      }
      // A paused run is released by a Reset: then every tensor it made is gone.
      await played.controller.receive({ type: 'reset', seq: played.sent.length + 1 });
      expect(tf.memory().numTensors, `seed ${seed}`).toBe(tensorsBefore);
    }
    expect(commands).toBe(3000);
    expect(shippedShown).toBeGreaterThan(10);
  });

  it('a Train left running finishes by itself and says so: the last state is done, and the run trained every epoch', async () => {
    const messages: { message: FromWorker; slices: number }[] = [];
    const { controller } = controllerFor(createRng(7), messages);
    await controller.receive({ type: 'start', settings: base, calibration: null, trainTeacherLive: false, seq: 1 });
    await vi.waitFor(() => expect(controller.state).toBe('done'), { timeout: 30_000 });
    await controller.idle();
    const states = messages.map((m) => m.message).filter(isState);
    expect(states.at(-1)).toEqual({ type: 'state', ack: 1, state: 'done' });
    const epochs = messages.map((m) => m.message).filter((m) => m.type === 'epoch' || m.type === 'progress');
    expect(epochs.filter((m) => m.phase === 'students').map((m) => m.epoch)).toEqual([1, 2, 3, 4]);
    await controller.receive({ type: 'reset', seq: 2 });
  });

  it("each epoch's report carries the worker's time on it, which leaves out the time paused between Steps", async () => {
    const messages: { message: FromWorker; slices: number }[] = [];
    const { controller } = controllerFor(createRng(5), messages);
    const began = performance.now();
    await controller.receive({ type: 'step', settings: base, calibration: null, trainTeacherLive: false, seq: 1 });
    for (let seq = 2; seq <= 4; seq++) {
      await new Promise((resolve) => setTimeout(resolve, 200)); // paused: never the epoch's time
      await controller.receive({ type: 'step', settings: base, calibration: null, trainTeacherLive: false, seq });
    }
    const resumed = performance.now();
    await controller.receive({ type: 'resume', seq: 5 });
    await vi.waitFor(() => expect(controller.state).toBe('done'), { timeout: 30_000 });
    const done = performance.now();
    const epochs = messages.map((m) => m.message).filter((m) => m.type === 'epoch' || m.type === 'progress');
    expect(epochs).toHaveLength(base.teacherEpochs + base.studentEpochs);
    for (const m of epochs) expect(m.workerSeconds).toBeGreaterThan(0);
    const seconds = (list: typeof epochs) => list.reduce((sum, m) => sum + m.workerSeconds, 0);
    // The three pauses of 200 ms are not in it.
    expect(seconds(epochs)).toBeLessThan((done - began) / 1000 - 0.55);
    // The epochs after Resume: a good part of the time from Resume to the end (the rest: its final messages, and the polling here), never more.
    const afterResume = seconds(epochs.slice(4));
    expect(afterResume).toBeLessThanOrEqual((done - resumed) / 1000 + 0.01);
    expect(afterResume).toBeGreaterThan(0.25 * ((done - resumed) / 1000));
    await controller.receive({ type: 'reset', seq: 6 });
  });

  it('pause stops the run between two batches: no slice starts after it, however large the epoch', async () => {
    const messages: { message: FromWorker; slices: number }[] = [];
    const { controller } = controllerFor(createRng(3), messages);
    // One epoch of hundreds of batches: Pause must not wait for its end.
    const big: Settings = { ...base, batchSize: 8, teacherBatchSize: 8, studentFraction: 1, teacherEpochs: 1 };
    await controller.receive({ type: 'start', settings: big, calibration: null, trainTeacherLive: false, seq: 1 });
    await vi.waitFor(() => expect(controller.diagnostics.slices).toBeGreaterThan(3));
    const advance = vi.spyOn(DistillationRun.prototype, 'advanceFor');
    await controller.receive({ type: 'pause', seq: 2 });
    await controller.idle();
    const slicesAtPause = controller.diagnostics.slices;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(controller.diagnostics.slices).toBe(slicesAtPause);
    expect(advance.mock.calls.length).toBeLessThanOrEqual(1); // at most the slice already waiting its turn
    expect(controller.state).toBe('paused');
    // The epoch was cut between batches, not finished.
    const progress = messages.map((m) => m.message).filter((m) => m.type === 'epoch' || m.type === 'progress');
    expect(progress.length).toBeLessThan(2);
    await controller.receive({ type: 'reset', seq: 3 });
  });

  it('after announcing the teacher, the loop trains no further until the page has shown it (or the limit passes)', async () => {
    const messages: { message: FromWorker; slices: number }[] = [];
    const { controller } = controllerFor(createRng(5), messages, 60_000);
    await controller.receive({ type: 'start', settings: base, calibration: null, trainTeacherLive: false, seq: 1 });
    const ready = () => messages.find((m) => m.message.type === 'teacher-ready');
    await vi.waitFor(() => expect(ready()).toBeDefined(), { timeout: 30_000 });
    await vi.waitFor(() => expect(controller.waitingForPage).toBe(true));
    await controller.idle();
    const slices = controller.diagnostics.slices;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(controller.diagnostics.slices).toBe(slices);
    expect(controller.state).toBe('training');
    // A Pause while it waits: no slice starts after it, and the page's answer does not start one.
    await controller.receive({ type: 'pause', seq: 2 });
    const runId = (ready()!.message as Extract<FromWorker, { type: 'teacher-ready' }>).runId;
    controller.shown(runId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(controller.diagnostics.slices).toBe(slices);
    // Resumed: it trains on to the end without waiting again.
    await controller.receive({ type: 'resume', seq: 3 });
    await vi.waitFor(() => expect(controller.state).toBe('done'), { timeout: 30_000 });
    expect(controller.diagnostics.slices).toBeGreaterThan(slices);
    await controller.receive({ type: 'reset', seq: 4 });

    // The same run where the page never answers: it goes on after the limit.
    const late: { message: FromWorker; slices: number }[] = [];
    const { controller: unanswered } = controllerFor(createRng(5), late, 200);
    await unanswered.receive({ type: 'start', settings: base, calibration: null, trainTeacherLive: false, seq: 1 });
    await vi.waitFor(() => expect(unanswered.state).toBe('done'), { timeout: 30_000 });
    expect(late.some((m) => m.message.type === 'teacher-ready')).toBe(true);
    await unanswered.receive({ type: 'reset', seq: 2 });
  });

  it('a backend failing mid-run moves to the next and starts again with the same settings; with none left it says so', async () => {
    const messages: { message: FromWorker; slices: number }[] = [];
    const { controller, backends } = controllerFor(createRng(5), messages);
    const original = DistillationRun.prototype.advanceFor;
    let failures = 0;
    vi.spyOn(DistillationRun.prototype, 'advanceFor').mockImplementation(function (this: DistillationRun, budget: number) {
      if (backends.report?.backend === 'wasm' && this.phase === 'students' && failures++ === 0) return Promise.reject(new Error('device lost'));
      return original.call(this, budget);
    });
    await controller.receive({ type: 'start', settings: base, calibration: null, trainTeacherLive: false, seq: 1 });
    await vi.waitFor(() => expect(controller.state).toBe('done'), { timeout: 30_000 });
    const fallback = messages.map((m) => m.message).find((m) => m.type === 'backend-fallback');
    expect(fallback).toMatchObject({ from: 'wasm', to: 'cpu' });
    const datasets = messages.map((m) => m.message).filter((m) => m.type === 'dataset');
    expect(datasets.map((m) => m.settings)).toEqual([base, base]);
    // Now cpu fails too, with no backend left: an error that cannot be recovered, and the run stops.
    vi.spyOn(DistillationRun.prototype, 'advanceFor').mockRejectedValue(new Error('out of memory'));
    await controller.receive({ type: 'start', settings: { ...base, seed: 9 }, calibration: null, trainTeacherLive: false, seq: 2 });
    await vi.waitFor(() => expect(messages.some((m) => m.message.type === 'error')).toBe(true));
    await controller.idle();
    const error = messages.map((m) => m.message).find((m) => m.type === 'error');
    expect(error).toMatchObject({ recoverable: false, message: expect.stringMatching(/cpu failed during training \(out of memory\) and no other backend/) });
    expect(controller.state).toBe('idle');
    expect(messages.map((m) => m.message).filter(isState).at(-1)).toMatchObject({ state: 'idle' });
    await controller.receive({ type: 'reset', seq: 3 });
  });

  describe('a run that fails: whose fault', () => {
    const kinds = (messages: { message: FromWorker }[]) => messages.map((m) => m.message);
    /** Diverges (NaN loss) in the students' phase whenever `on(backend)` holds. */
    const divergeOn = (backends: FakeBackends, on: (backend: BackendName | undefined) => boolean) => {
      const original = DistillationRun.prototype.advanceFor;
      vi.spyOn(DistillationRun.prototype, 'advanceFor').mockImplementation(function (this: DistillationRun, budget: number) {
        if (this.phase === 'students' && on(backends.report?.backend)) {
          return Promise.reject(new TrainingDivergedError("Training diverged: the student's loss became NaN at epoch 3. Lower the learning rate."));
        }
        return original.call(this, budget);
      });
    };

    it('NaN on a GPU backend is checked on the next one: there the run finishes, and no advice blames the settings', async () => {
      const messages: { message: FromWorker; slices: number }[] = [];
      const { controller, backends } = controllerFor(createRng(6), messages);
      backends.report = { backend: 'webgl' };
      backends.next = ['wasm', 'cpu'];
      divergeOn(backends, (b) => b === 'webgl');
      await controller.receive({ type: 'start', settings: base, calibration: null, trainTeacherLive: false, seq: 1 });
      await vi.waitFor(() => expect(controller.state).toBe('done'), { timeout: 30_000 });
      const fallback = kinds(messages).find((m) => m.type === 'backend-fallback');
      expect(fallback).toMatchObject({ from: 'webgl', to: 'wasm' });
      expect(fallback!.type === 'backend-fallback' && fallback!.message).toMatch(/webgl failed during training: Training diverged: the student's loss became NaN at epoch 3, which can be the GPU's arithmetic.*if it diverges there as well, the settings are the cause\.$/);
      expect(kinds(messages).some((m) => m.type === 'error')).toBe(false);
      expect(backends.forgiven).toEqual([]);
      await controller.receive({ type: 'reset', seq: 2 });
    });

    it('NaN on a GPU and again on the next backend: the settings are at fault, the GPU is cleared, and the advice is given once', async () => {
      const messages: { message: FromWorker; slices: number }[] = [];
      const { controller, backends } = controllerFor(createRng(7), messages);
      backends.report = { backend: 'webgpu' };
      backends.next = ['wasm', 'cpu'];
      divergeOn(backends, () => true);
      await controller.receive({ type: 'start', settings: base, calibration: null, trainTeacherLive: false, seq: 1 });
      await vi.waitFor(() => expect(kinds(messages).some((m) => m.type === 'error')).toBe(true), { timeout: 30_000 });
      await controller.idle();
      const errors = kinds(messages).filter((m) => m.type === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ recoverable: true, message: expect.stringMatching(/Lower the learning rate\. It diverged on webgpu as well, so the backend is not the cause\.$/) });
      expect(kinds(messages).filter((m) => m.type === 'backend-fallback')).toHaveLength(1); // wasm, not cpu as well
      expect(backends.forgiven).toEqual(['webgpu']);
      expect(controller.state).toBe('idle');
      // The next run the user starts is judged afresh: NaN on wasm alone is the settings' fault, with no retry.
      backends.report = { backend: 'wasm' };
      await controller.receive({ type: 'start', settings: { ...base, seed: 4 }, calibration: null, trainTeacherLive: false, seq: 2 });
      await vi.waitFor(() => expect(kinds(messages).filter((m) => m.type === 'error')).toHaveLength(2), { timeout: 30_000 });
      await controller.idle();
      expect(kinds(messages).filter((m) => m.type === 'error').at(-1)).toMatchObject({ message: expect.stringMatching(/Lower the learning rate\.$/) });
      expect(kinds(messages).filter((m) => m.type === 'backend-fallback')).toHaveLength(1);
      await controller.receive({ type: 'reset', seq: 3 });
    });

    it('a backend lost while a run is set up on it (its ready teacher read back) hands the run to the next, which finishes it', async () => {
      const messages: { message: FromWorker; slices: number }[] = [];
      const { controller, backends } = controllerFor(createRng(8), messages);
      // A first run leaves its teacher in the memory cache, so the next run's set-up reads it back at once.
      backends.report = { backend: 'cpu' };
      await controller.receive({ type: 'start', settings: base, calibration: null, trainTeacherLive: false, seq: 1 });
      await vi.waitFor(() => expect(controller.state).toBe('done'), { timeout: 30_000 });
      backends.report = { backend: 'webgl' };
      backends.next = ['wasm'];
      const original = DistillationRun.prototype.teacherLogits;
      vi.spyOn(DistillationRun.prototype, 'teacherLogits').mockImplementation(function (this: DistillationRun, ...args) {
        if (backends.report?.backend === 'webgl') return Promise.reject(new BackendLostError('the WebGL context was lost.'));
        return original.apply(this, args);
      });
      const settings = { ...base, temperature: 3 };
      await controller.receive({ type: 'start', settings, calibration: null, trainTeacherLive: false, seq: 2 });
      await vi.waitFor(() => expect(controller.state).toBe('done'), { timeout: 30_000 });
      const fallback = kinds(messages).find((m) => m.type === 'backend-fallback');
      expect(fallback).toMatchObject({ from: 'webgl', to: 'wasm', message: expect.stringMatching(/^webgl failed during training: the WebGL context was lost\. Switched to wasm/) });
      expect(fallback!.type === 'backend-fallback' && fallback!.message).not.toMatch(/\.\./);
      expect(kinds(messages).some((m) => m.type === 'error')).toBe(false);
      expect(kinds(messages).filter((m) => m.type === 'done').at(-1)).toMatchObject({ runId: expect.any(Number) });
      const datasets = kinds(messages).filter((m) => m.type === 'dataset');
      expect(datasets.at(-1)).toMatchObject({ settings });
      await controller.receive({ type: 'reset', seq: 3 });
    });
  });
});
