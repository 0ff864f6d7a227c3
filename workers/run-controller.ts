/**
 * The one place that decides what the training worker does: which run
 * exists, whether it trains, and what state each command leads to. It runs
 * in the worker (training.worker.ts only wires messages to it) and in Node,
 * where tests drive it with thousands of random commands.
 *
 * Commands are handled one after another, each answered by a 'state'
 * message carrying its number; the training loop runs beside them, one slice
 * (about SLICE_MS of batches) at a time, so Pause and Reset act between two
 * batches whatever the model's size.
 */
import type { Dataset } from '../datasets/types';
import type { Settings } from '../src/core/settings';
import { assertValidSettings } from '../src/core/settings';
import { ShippedTeacherError } from '../src/core/teacher-manifest';
import { teacherKey } from '../src/core/teacher-origin';
import { DistillationRun, TrainingDivergedError } from '../src/engine/distillation-run';
import { setUpInSlices } from '../src/engine/run-setup';
import { ownPointsProblem } from '../datasets/own-points';
import type { TeacherCache } from '../src/engine/teacher-cache';
import type { BackendName, Calibration, Command, FromWorker, RunState, ToWorker } from '../src/protocol/messages';
import { prepareTeacher } from './teacher-lookup';
import { datasetView } from './run-messages';
import { RunAnnouncer } from './run-announcer';
import { judgeFailure, RunSetupError } from './run-failure';
import { errorText } from '../src/core/error-text';
import type { ControllerPorts } from './controller-ports';
import { longRunQuestion } from './long-run-question';
import { forgetTeachers } from './kept-teachers';
import { classifyAnswer } from './classify-request';
import { benchAnswer } from './bench-request';
import { restartElsewhere, type RestartHost } from './backend-restart';
import { sendPreview } from './data-preview';
import { nextTask } from '../src/engine/next-task';
import { LoopRest } from './loop-rest';
import { backendRefiner, type QuietTimer } from './quiet-refine';
import { CommandQueue } from './command-queue';

/** Pause and Reset act within about this, plus one batch, whatever the model's size (a large model's epoch takes seconds). */
export const SLICE_MS = 100;

const sameSettings = (a: Settings, b: Settings) => JSON.stringify(a) === JSON.stringify(b);
/** Read afresh after an await (TypeScript keeps a narrowed phase across one). */
const isDone = (run: DistillationRun) => run.phase === 'done';

export class RunController {
  private run: DistillationRun | null = null;
  private runId = 0;
  private running = false;
  private looping = false;
  private startedAt = 0;
  /** The slice in progress, so reset and pause never dispose a run mid-batch. */
  private inFlight: Promise<void> = Promise.resolve();
  /** The current run was asked to train its teacher live (kept for a restart on another backend). */
  private trainsTeacherLive = false;
  /** The backend on which this run's loss turned to NaN, when the run now under way is the check on the next backend. */
  private divergedOn: BackendName | null = null;
  /** The page's commands, one after another; Pauses and Resets counted on arrival (a run being set up gives up at one). */
  private readonly commands: CommandQueue;
  /** What a run moved off a failed backend (backend-restart.ts) does here. */
  private readonly restartHost: RestartHost;
  private readonly sliceMs: number;
  private readonly rest: LoopRest;
  /** Measures the backends again once the worker has been quiet a while (quiet-refine.ts). */
  private readonly quiet: QuietTimer;
  /** What the page is told as the run goes (its teacher, epochs, end); the loop waits for it to show the teacher. */
  private readonly announcer: RunAnnouncer;
  /** For tests: slices running at once now, and the most ever (the invariant: never more than one). */
  readonly diagnostics = { slicesInFlight: 0, maxSlicesInFlight: 0, slices: 0, loops: 0, maxLoops: 0 };

  constructor(private readonly ports: ControllerPorts) {
    this.sliceMs = ports.sliceMs ?? SLICE_MS;
    this.rest = new LoopRest(ports.restEveryMs ?? 0, ports.restMs ?? 0);
    this.announcer = new RunAnnouncer(ports, () => this.cache);
    this.commands = new CommandQueue(
      (command, stopsBefore) => this.handle(command, stopsBefore),
      (error) => this.post({ type: 'error', runId: this.runId, message: errorText(error), recoverable: true }),
      () => (this.postState(), this.quiet.restart()),
    );
    this.quiet = backendRefiner(ports.refineAfterMs ?? 0, this.commands, ports.backends, () => this.run !== null);
    this.restartHost = {
      backends: ports.backends,
      post: (message) => this.post(message),
      // A teacher trained live before the failure comes back from the cache; otherwise it is trained live again.
      startAgain: async (settings) => void (await this.createRun(settings, this.trainsTeacherLive && !this.cache.has(teacherKey(settings)), this.commands.stopsReceived)),
      stop: (message, recoverable) => this.stopWithError(message, recoverable),
    };
  }

  /** The teacher cache (a finished teacher is reused by the next run with the same teacher settings). */
  private get cache(): TeacherCache {
    return this.ports.teachers.cache;
  }

  /** The run's state as it is here, now. */
  get state(): RunState {
    if (!this.run) return 'idle';
    if (this.run.phase === 'done') return 'done';
    return this.running ? 'training' : 'paused';
  }

  /** Resolves once every command received so far has been handled and answered. */
  settled(): Promise<void> {
    return this.commands.settled();
  }

  /** The page has shown run `runId`'s teacher (a 'shown' message, read before the queue of commands). */
  shown(runId: number): void {
    this.announcer.catchUp.shown(runId);
  }

  /** Whether the training loop is waiting for the page to show the teacher. */
  get waitingForPage(): boolean {
    return this.announcer.catchUp.waiting;
  }

  /** Resolves once no slice is in progress. */
  idle(): Promise<void> {
    return this.inFlight;
  }

  /** A command from the page: queued behind the others, answered by the state it led to. */
  receive(command: Command): Promise<void> {
    return this.commands.receive(command);
  }

  private post(message: FromWorker, transfer: Transferable[] = []): void {
    this.ports.post(message, transfer);
  }

  /** Tell the page where things stand after a command, or after a run ended by itself. */
  private postState(): void {
    this.post({ type: 'state', ack: this.commands.lastHandled, state: this.state });
  }

  /** `stopsBefore`: Pauses and Resets received before this command (a set-up it starts gives up at the next). */
  private async handle(message: ToWorker, stopsBefore: number): Promise<void> {
    const { backends } = this.ports;
    switch (message.type) {
      case 'init':
        await backends.init(message.backend, message.settings, message.calibrations);
        return;
      case 'set-backend':
        await this.disposeRun();
        await backends.setChoice(message.backend, message.settings, message.calibration);
        return;
      case 'recalibrate':
        await this.disposeRun();
        await backends.recalibrate(message.settings);
        return;
      case 'start':
        if (this.needsNewRun(message.settings, message.trainTeacherLive) && !(await this.startRun('start', message.settings, message.calibration, message.trainTeacherLive, message.confirmed ?? false, stopsBefore))) return;
        this.startTraining();
        void this.trainLoop();
        return;
      case 'resume':
        if (!this.run || this.run.phase === 'done') return;
        this.startTraining();
        void this.trainLoop();
        return;
      case 'pause':
        // Paused at once: the loop starts no new slice. Work already in flight (a slice, or an epoch's evaluation,
        // which for a large model takes seconds) finishes and reports behind this; nothing trains after it.
        this.running = false;
        if (this.run) this.post({ type: 'paused', runId: this.runId });
        return;
      case 'step':
        this.running = false;
        await this.inFlight;
        if (this.needsNewRun(message.settings, message.trainTeacherLive) && !(await this.startRun('step', message.settings, message.calibration, message.trainTeacherLive, message.confirmed ?? false, stopsBefore))) return;
        if (!this.run) return; // Reset while it was set up
        this.announcer.timeEpochFromNow();
        await this.guarded(() => this.trainSlice(Infinity));
        if (this.run && this.run.phase !== 'done') this.post({ type: 'paused', runId: this.runId });
        return;
      case 'reset':
        await this.disposeRun();
        this.post({ type: 'reset-done' });
        return;
      case 'set-params':
        if (!this.run) await sendPreview(message.settings, { post: (m, transfer) => this.post(m, transfer), isInMemory: (name) => this.ports.isInMemory(name), load: (s) => this.load(s) }, () => !this.run);
        return;
      case 'shown':
        // The worker reads it before the queue (training.worker.ts); here too, should it come this way.
        this.shown(message.runId);
        return;
      case 'forget-teachers':
        this.post({ type: 'teachers-forgotten', count: await forgetTeachers(this.cache, this.ports.store) });
        return;
      case 'classify': {
        // Read between two slices, never during one; the next slice waits for the reading, which never fails.
        const answer = this.inFlight.then(() => classifyAnswer(this.run, message.requestId, message.pixels));
        this.inFlight = answer.then(() => undefined);
        const reply = await answer;
        this.post(reply, reply.logits ? Object.values(reply.logits).map((a) => a.buffer) : []);
        return;
      }
      case 'bench':
        await this.disposeRun();
        this.post(await benchAnswer(this.ports, message.options, (s) => this.load(s)));
        return;
    }
  }

  private load(settings: Settings): Promise<Dataset> {
    const label = `${settings.dataset} digits`;
    return this.ports.load(settings, (loaded, total) => this.post({ type: 'loading', label, loaded, total }));
  }

  private async disposeRun(): Promise<void> {
    this.running = false;
    this.announcer.catchUp.release();
    await this.inFlight;
    this.run?.dispose();
    this.run = null;
  }

  /** Start or step: a new run unless the current one has these settings, is not finished, and (when asked to train the teacher live) trained its own. */
  private needsNewRun(settings: Settings, trainTeacherLive: boolean): boolean {
    const run = this.run;
    return !run || !sameSettings(run.settings, settings) || run.phase === 'done' || (trainTeacherLive && run.teacherOrigin.kind !== 'trained');
  }

  /**
   * A new run, or false when it did not start (settings that are invalid or too big throw): it is long and not `confirmed`
   * (the page is asked; the current run, if any, is kept as it was), or its
   * shipped teacher is broken (the page offers to train the teacher live).
   */
  private async startRun(command: 'start' | 'step', settings: Settings, calibration: Calibration | null, trainTeacherLive: boolean, confirmed: boolean, stopsBefore: number): Promise<boolean> {
    // Before any backend is timed on the models: sizes over the memory limit (size-limits.ts) are refused with the estimate,
    // and your own points too few to train on (the page says so first) with the rule.
    assertValidSettings(settings);
    const fewPoints = ownPointsProblem(settings);
    if (fewPoints) throw new RangeError(fewPoints);
    const { backends } = this.ports;
    try {
      if (!confirmed) {
        this.running = false;
        await this.inFlight;
        await backends.prepare(settings, calibration);
        const question = await longRunQuestion(this.ports, command, settings, trainTeacherLive);
        if (question) {
          if (this.run) await backends.prepare(this.run.settings, null); // back to the kept run's backend
          this.post(question);
          return false;
        }
      }
      await this.disposeRun();
      this.divergedOn = null;
      await backends.prepare(settings, calibration);
      return await this.createRun(settings, trainTeacherLive, stopsBefore);
    } catch (error) {
      if (error instanceof RunSetupError) {
        // The backend failed while the run was put on it (its teacher uploaded, its first read-back): the next backend takes it.
        const from = backends.report?.backend;
        if (!from) throw error;
        return restartElsewhere(this.restartHost, settings, from, error.message, false);
      }
      if (!(error instanceof ShippedTeacherError)) throw error;
      this.running = false;
      this.post({ type: 'teacher-unavailable', settings, message: error.message });
      return false;
    }
  }

  /** Whether a run was made (false: a newer command, or a Reset or Pause after the `stopsBefore`th, came while it was set up). */
  private async createRun(settings: Settings, trainTeacherLive: boolean, stopsBefore: number): Promise<boolean> {
    const id = ++this.runId;
    const resets = this.commands.resetsReceived;
    const replaced = () => id !== this.runId || resets !== this.commands.resetsReceived;
    // Memory → stored → shipped → train, before the data loads (a broken shipped teacher stops here).
    await prepareTeacher(this.ports.teachers, settings, trainTeacherLive);
    if (replaced()) return false;
    this.trainsTeacherLive = trainTeacherLive;
    const dataset = await this.load(settings);
    if (replaced()) return false; // a newer command replaced this run, or Reset was pressed, while the data loaded
    // From here on a failure is the backend's (the settings were checked, the data and teacher weights are in hand).
    try {
      // A large run's set-up takes seconds: done in slices, and given up when Reset or Pause comes meanwhile.
      const setup = await setUpInSlices(settings, dataset, this.sliceMs, nextTask, () => replaced() || stopsBefore !== this.commands.stopsReceived);
      if (!setup) return false;
      const run = new DistillationRun(settings, dataset, this.cache, { studentWeights: setup.studentWeights });
      this.run = run;
      this.startedAt = performance.now();
      const { view, buffers } = datasetView(dataset, run.transferIndices);
      const ready = run.phase !== 'teacher';
      this.post({ type: 'dataset', runId: id, settings, dataset: view, ...(ready && run.checkingTeachers ? { teacherToCheck: run.teacherOrigin } : {}) }, buffers);
      // A teacher trained earlier in this tab is shown at once; a shipped or stored one once the run's first slices
      // have evaluated it (teacher-check.ts, announced by trainSlice).
      if (ready && !run.checkingTeachers) await this.announcer.teacher({ run, id, dataset }, replaced);
      return true;
    } catch (error) {
      this.discardRun();
      throw new RunSetupError(error);
    }
  }

  /** The current run is dropped without waiting for its slice (it failed): a dead backend may be unable to free its tensors. */
  private discardRun(): void {
    try {
      this.run?.dispose();
    } catch {
      // Its tensors go with the backend.
    }
    this.run = null;
  }

  /** A slice of the current run's epoch; when that finishes the epoch, the epoch's messages. */
  private async trainSlice(budgetMs: number): Promise<void> {
    const run = this.run;
    if (!run || run.phase === 'done') return; // reset or replaced while this slice waited its turn
    const id = this.runId;
    const d = this.diagnostics;
    d.slicesInFlight++;
    d.maxSlicesInFlight = Math.max(d.maxSlicesInFlight, d.slicesInFlight);
    d.slices++;
    const checking = run.checkingTeachers;
    let report;
    try {
      report = await run.advanceFor(budgetMs);
    } finally {
      d.slicesInFlight--;
    }
    const announced = { run, id, dataset: run.dataset };
    // Evaluated: shown now, unless a teacher of the run is still to train (a shipped twin beside a smoothed teacher that trains).
    if (checking && !run.checkingTeachers && run.phase !== 'teacher') await this.announcer.teacher(announced, this.resetSince());
    if (!report) return;
    await this.announcer.epoch(announced, report, this.resetSince());
    if (isDone(run)) {
      this.running = false;
      await this.announcer.done(announced, (performance.now() - this.startedAt) / 1000);
      this.postState();
    }
  }

  /** The loop trains from now on; a pause before it is not part of the epoch under way's time. */
  private startTraining(): void {
    if (!this.running) {
      this.announcer.timeEpochFromNow();
      this.rest.working();
    }
    this.running = true;
  }

  /** Whether Reset was received since this was asked (a large model's maps stop between chunks then). */
  private resetSince(): () => boolean {
    const resets = this.commands.resetsReceived;
    return () => this.commands.resetsReceived !== resets;
  }

  private guarded(work: () => Promise<void>): Promise<void> {
    this.inFlight = this.inFlight.then(work).catch((error: unknown) => this.handleRunError(error));
    return this.inFlight;
  }

  private async trainLoop(): Promise<void> {
    if (this.looping) return; // one loop at a time, however often Train is pressed
    this.looping = true;
    const d = this.diagnostics;
    d.maxLoops = Math.max(d.maxLoops, ++d.loops);
    try {
      while (this.running && this.run && this.run.phase !== 'done') {
        await this.announcer.catchUp.wait();
        if (!this.running) break; // paused or reset while the page caught up
        await this.guarded(() => this.trainSlice(this.sliceMs));
        await this.rest.between();
      }
    } finally {
      this.looping = false;
      d.loops--;
    }
  }

  /**
   * A slice failed. When the run is at fault (it diverged on a CPU backend, or on a GPU and again on the next
   * backend) the user is told, with advice; otherwise the backend is (a lost GPU device, out of memory, NaN from
   * a GPU's arithmetic): it is skipped from now on, the next in the measured ranking takes over, and the run
   * starts again with the same settings (a finished teacher comes back from the cache).
   */
  private async handleRunError(error: unknown): Promise<void> {
    // `running` is left as it is: the loop (if any) carries on with the new run unless paused meanwhile.
    const failed = this.run;
    const from = this.ports.backends.report?.backend;
    const verdict = from ? judgeFailure(error, from, this.divergedOn) : ({ kind: 'settings', message: errorText(error), forgive: null } as const);
    if (verdict.kind === 'settings' || !failed || !from) {
      this.running = false;
      this.post({ type: 'error', runId: this.runId, message: verdict.kind === 'settings' ? verdict.message : errorText(error), recoverable: true });
      if (verdict.kind === 'settings' && verdict.forgive) this.ports.backends.forgive(verdict.forgive);
      this.divergedOn = null;
      if (error instanceof TrainingDivergedError && failed) {
        // A diverged run cannot be resumed (its weights are NaN): the next Train starts a new one.
        failed.dispose();
        this.run = null;
      }
      this.postState();
      return;
    }
    this.discardRun();
    if (verdict.diverged) this.divergedOn = from;
    await restartElsewhere(this.restartHost, failed.settings, from, verdict.reason, verdict.diverged);
  }

  /** The run stops training; the page is told why, then where things stand. */
  private stopWithError(message: string, recoverable: boolean): void {
    this.running = false;
    this.post({ type: 'error', runId: this.runId, message, recoverable });
    this.postState();
  }
}
