/**
 * What each of the training worker's reports does to the page's session: the
 * run's data and metrics go to RunData, the rest (the backend, the status, the
 * preview, the long-run question, teachers, errors) to the session's state and
 * notices. It also holds what the session waits on between a command and the
 * report answering it (which run is current, Train once the backend is ready,
 * a preset to start once paused), so a late or stale report is read right.
 */
import type { Settings } from '../core/settings';
import type { FromWorker } from '../protocol/messages';
import { STUDENT_TITLES, type CompareStudentId, type TrainingPhase } from '../core/roster';
import { chanceWarning } from '../core/run-advice';
import { estimateOnBackend } from './progress-clock.svelte';
import { whenSettled } from './after-frame';
import type { CalibrationStore } from './calibration-store';
import type { Session, Status } from './session.svelte';
import { keepIfSame } from './same-dataset';

export class WorkerReports {
  /** Id of the run whose messages we accept; older runs' late messages are dropped. */
  runId = -1;
  /** The number of the last command sent: the worker's 'state' answering it is the state shown (see Command). */
  sentSeq = 0;
  /** Train was asked for while the backend was still being chosen. */
  trainWhenReady = false;
  /** The status before the last start, restored when the worker asks before a long run instead of starting it. */
  statusBeforeStart: Status = 'idle';
  /** A preset to load and train as soon as the running training has paused (a quiz Try it). */
  startWhenPaused: string | null = null;
  /** Settings to train with a live teacher as soon as the running training has paused (Retrain live). */
  retrainWhenPaused: Settings | null = null;
  /** A backend failed under the run and the worker is starting it again on the next: the next 'dataset' is that restart. */
  private restarting = false;

  constructor(
    private readonly session: Session,
    private readonly calibrations: CalibrationStore,
  ) {}

  receive(message: FromWorker): void {
    const session = this.session;
    // Reports of another run are stale, but an error of a run not yet acknowledged (its data failed to load) or of a preview still counts.
    if ('runId' in message && message.runId !== null && message.type !== 'dataset' && (message.type === 'error' ? message.runId < this.runId : message.runId !== this.runId)) return;
    if (session.run.apply(message)) {
      if (message.type === 'teacher-ready') {
        session.notices.teacherReady();
        // The worker holds its training until the panels this fills are laid out and painted (workers/page-catch-up.ts).
        whenSettled(() => session.teacherShown(message.runId));
      }
      if (message.type === 'epoch') this.setProgress(message.phase, message.epoch, message.totalEpochs, message.workerSeconds);
      // The status follows the 'state' the worker sends after it (see 'state' below).
      if (message.type === 'done') {
        session.longRun.clear();
        const models = [{ name: 'teacher', testAcc: message.teacher.testAcc }];
        for (const [id, metrics] of Object.entries(message.students)) {
          const title = STUDENT_TITLES[id as CompareStudentId];
          if (title) models.push({ name: title.toLowerCase(), testAcc: metrics.testAcc });
        }
        const warning = chanceWarning(models, session.run.classCount, session.run.settings ?? session.settings);
        if (warning) session.notify('warning', warning);
      }
      return;
    }
    switch (message.type) {
      case 'state':
        // Only the answer to the last command sent: an earlier command's late answer (Step's pause, when Train
        // followed it) would show a state the worker has already left. A failed or missing backend keeps its status.
        if (message.ack === this.sentSeq && session.backend !== null && session.status !== 'error') session.status = message.state;
        // Every command is answered: once the last one sent is, no Step is in flight.
        if (message.ack === this.sentSeq) session.stepping = false;
        return;
      case 'ready':
        session.backend = message.backend;
        session.backendChoice = message.backend.choice;
        session.calibrating = null;
        if (session.status === 'starting') {
          session.status = 'idle';
          if (this.trainWhenReady) session.train();
        }
        this.trainWhenReady = false;
        return;
      case 'calibrating':
        session.calibrating = message.label;
        return;
      case 'classified':
        session.drawing.receive(message);
        return;
      case 'calibration':
        this.calibrations.store(message.calibration);
        return;
      case 'backend-fallback':
        // The worker restarts the run on the next backend ('paused' follows if it was not training): an estimate made
        // on the failed backend no longer holds.
        this.restarting = session.run.settings !== null;
        if (this.restarting) session.longRun.clear();
        session.notify('warning', message.message);
        return;
      case 'loading':
        session.loading = message.loaded >= message.total ? null : { label: message.label, loaded: message.loaded, total: message.total };
        return;
      case 'preview':
        session.loading = null;
        session.previewNote = null;
        if (!session.run.settings) {
          // After a reset the last run's data stays on screen until this preview replaces it.
          const shown = session.dataset;
          session.run.dataset = null;
          session.preview = keepIfSame(shown, message.dataset);
        }
        if (session.selectedIndex >= message.dataset.testY.length) session.selectedIndex = 0;
        return;
      case 'preview-deferred':
        session.loading = null;
        if (!session.run.settings) {
          session.run.dataset = null;
          session.preview = null;
          session.previewNote = message.message;
        }
        return;
      case 'confirm-long':
        // The worker did not start the run: nothing changed but the status shown since Train.
        session.loading = null;
        if (session.status === 'training') session.status = this.statusBeforeStart;
        session.longRun.ask(message);
        return;
      case 'dataset':
        session.loading = null;
        session.previewNote = null;
        session.longRun.began(message.settings);
        session.clock.begin(session.longRun.estimate ?? estimateOnBackend(session.backend, message.settings));
        this.runId = message.runId;
        // The same run started again on another backend keeps the teacher's curve (its teacher comes back from the cache).
        session.run.begin(message.settings, keepIfSame(session.dataset, message.dataset), { keepTeacherCurve: this.restarting, teacherToCheck: message.teacherToCheck ?? null });
        this.restarting = false;
        session.biasShift = 0;
        session.chosenBiasShift = null;
        if (session.selectedIndex >= message.dataset.testY.length) session.selectedIndex = 0;
        return;
      case 'progress':
        this.setProgress(message.phase, message.epoch, message.totalEpochs, message.workerSeconds);
        return;
      case 'paused':
        session.clock.paused();
        if (this.retrainWhenPaused) {
          const settings = this.retrainWhenPaused;
          this.retrainWhenPaused = null;
          session.trainWithLiveTeacher(settings);
        } else if (this.startWhenPaused) {
          session.applyPreset(this.startWhenPaused);
          this.startWhenPaused = null;
          session.train();
        }
        return;
      case 'reset-done':
        session.longRun.clear();
        this.runId = -1;
        session.run.clear();
        this.setProgress(null, 0, 0);
        // A run's errors and advice go with it.
        session.notices.dropRunNotices();
        session.previewData();
        return;
      case 'teacher-unavailable': {
        // The worker dropped the run before it started: nothing trains on a broken teacher.
        session.longRun.clear();
        this.runId = -1;
        session.run.clear();
        this.setProgress(null, 0, 0);
        session.loading = null;
        session.previewData();
        const settings = message.settings;
        session.notify('error', `${message.message} The run did not start.`, { label: 'Train the teacher live', run: () => session.trainWithLiveTeacher(settings) });
        return;
      }
      case 'teacher-storage':
        session.notify('warning', message.message);
        return;
      case 'teachers-forgotten':
        session.forgettingTeachers = false;
        session.notify(
          'info',
          message.count === 0
            ? 'No teachers were kept in this browser.'
            : `Forgot ${message.count} stored teacher${message.count === 1 ? '' : 's'}: the next run trains its teacher${session.teacherPreference.live ? '' : ' (or uses one shipped with the app)'}.`,
        );
        return;
      case 'error':
        session.loading = null;
        session.forgettingTeachers = false;
        session.calibrating = null;
        // A recoverable error leaves the status to the worker's next 'state'; the worker itself failing stops here.
        if (!message.recoverable) session.status = 'error';
        session.stepping = false;
        session.clock.paused();
        session.notify('error', message.message, message.recoverable ? undefined : { label: 'Restart the worker', run: () => session.restartWorker() });
        return;
    }
  }

  private setProgress(phase: TrainingPhase | null, epoch: number, totalEpochs: number, workerSeconds?: number): void {
    this.session.clock.report(phase, epoch, totalEpochs, performance.now(), workerSeconds);
  }
}
