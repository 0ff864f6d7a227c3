/**
 * The simulator's state on the main thread, as Svelte 5 runes: settings (the
 * last good ones, plus what the user is typing), the worker's status, the
 * selected example, the display temperature and the omitted-class bias shift.
 * Training itself runs in the worker; this class sends commands, and
 * WorkerReports (worker-reports.ts) reads the worker's reports into it.
 */
import { entropyBits, softmax } from '../core/softmax';
import { DEFAULT_PRESET, findPreset } from '../core/presets';
import { DATASET_CLASS_COUNTS, DISPLAY_T_RANGE, isDatasetName, parseKeptClasses, parseNumericField, validateSettings, type DatasetName, type NumericField, type Settings } from '../core/settings';
import type { BackendChoice, BackendReport, DatasetView, ToWorker } from '../protocol/messages';
import { browserStorage } from './quiz-progress.svelte';
import type { TryIt } from '../quiz/questions';
import { applyTryIt } from './try-it';
import { startTrainingWorker, type TrainingWorker } from './worker-client';
import { parseUrlState, serializeUrlState } from '../core/url-state';
import { sizeProblem } from '../core/size-limits';
import { RunData } from './run-data.svelte';
import { TeacherPreference } from './teacher-preference.svelte';
import { LongRun } from './long-run.svelte';
import { ProgressClock } from './progress-clock.svelte';
import { OwnPointsEditor } from './own-points.svelte';
import { ownPointsProblem } from '../../datasets/own-points';
import { DigitDrawing, pageDrawingSource } from './digit-drawing.svelte';
import { Notices } from './notices.svelte';
import { CalibrationStore } from './calibration-store';
import { WorkerReports } from './worker-reports';
import { resumesRun, trainLabel } from './train-label';

export type Status = 'starting' | 'idle' | 'training' | 'paused' | 'done' | 'error';

export class Session {
  presetName = $state<string>(DEFAULT_PRESET);
  /** The last valid settings: what Train uses. */
  settings = $state<Settings>({ ...findPreset(DEFAULT_PRESET)!.settings });
  /** What is typed in each numeric field, valid or not. */
  drafts = $state<Record<string, string>>({});
  fieldErrors = $state<Partial<Record<NumericField | 'keptClasses' | 'studentLayers' | 'dataset', string>>>({});

  status = $state<Status>('starting');
  /** Step was pressed and the worker has not answered it yet (one epoch, after a shipped teacher's evaluation: seconds). */
  stepping = $state(false);
  backend = $state<BackendReport | null>(null);
  backendChoice = $state<BackendChoice>('auto');
  /** "digits models" while the worker times the backends on them; null otherwise. */
  calibrating = $state<string | null>(null);
  /** Backend measurements kept in this browser, per device and model size. */
  private readonly calibrations = new CalibrationStore();
  /** The run's phase and epoch, and when its epochs arrived (for the time left). */
  readonly clock = new ProgressClock();
  /** Dataset download progress (bytes), while the digits load. */
  loading = $state<{ label: string; loaded: number; total: number } | null>(null);

  /** What the current run has reported. */
  readonly run = new RunData();
  /** The data on screen: the run's, or a preview of the next run's. */
  preview = $state.raw<DatasetView | null>(null);
  /** Why there is no preview (its data is downloaded only for a run); null otherwise. */
  previewNote = $state<string | null>(null);
  /** The question before a long run, and the time left of one the user ran anyway. */
  readonly longRun = new LongRun();
  /** Your own points on the scatter plot (their text is `settings.points`). */
  readonly ownPoints = new OwnPointsEditor(this);

  selectedIndex = $state(0);
  displayTemperature = $state(1);
  /** Added to the soft student's logit for the omitted class, or to the kept classes' logits (no retraining). */
  biasShift = $state(0);
  /** The shift "Find the best shift" chose on the training split for this run; null until then. */
  chosenBiasShift = $state<number | null>(null);
  /** The messages above the simulator (notices.svelte.ts); `notify` adds one. */
  readonly notices = new Notices();
  readonly notify = (...args: Parameters<Notices['notify']>): void => this.notices.notify(...args);
  /** Lecture view: large type, controls hidden but for a small bar. */
  lecture = $state(false);
  /** The guided lecture's step (1-based, see core/lecture-steps); null outside it. In the link as `step`. */
  lectureStep = $state<number | null>(null);
  /** "Train the teacher live": every run trains its teacher (remembered in this browser, not in the link). */
  readonly teacherPreference = new TeacherPreference(browserStorage());
  /** True from "Forget stored teachers" until the worker answers. */
  forgettingTeachers = $state(false);

  /** The worker's reports, read into this session; with what the session waits on between a command and its answer. */
  private readonly reports = new WorkerReports(this, this.calibrations);
  private worker: TrainingWorker | null = null;

  readonly dataset = $derived(this.run.dataset ?? this.preview);
  readonly classCount = $derived(this.dataset?.classNames.length ?? 0);
  readonly testCount = $derived(this.dataset?.testY.length ?? 0);
  readonly selectedClassName = $derived(this.dataset?.classNames[this.dataset.testY[this.selectedIndex] ?? 0] ?? '');
  readonly selectedLabel = $derived(this.dataset ? this.dataset.testY[this.selectedIndex] ?? 0 : 0);

  /** The teacher's logits for the selected test example. */
  readonly selectedLogits = $derived.by(() => {
    const logits = this.run.teacherLogits;
    if (!logits || this.classCount === 0) return null;
    const start = this.selectedIndex * this.classCount;
    return Array.from(logits.subarray(start, start + this.classCount));
  });
  /** Recomputed from cached logits whenever the slider moves: no retraining. */
  readonly displayProbabilities = $derived(this.selectedLogits ? softmax(this.selectedLogits, this.displayTemperature) : null);
  readonly displayEntropy = $derived(this.displayProbabilities ? entropyBits(this.displayProbabilities) : null);

  /** The link that reproduces what is on screen. */
  readonly link = $derived(
    serializeUrlState({ preset: this.presetName, settings: this.settings, displayTemperature: this.displayTemperature, selectedIndex: this.selectedIndex, lecture: this.lecture, step: this.lectureStep }),
  );

  /** "Draw a digit": the pad's strokes, and the run's teacher and students reading them in the worker. */
  readonly drawing = new DigitDrawing(pageDrawingSource(this), (pixels, requestId) => this.send({ type: 'classify', pixels, requestId }));

  readonly settingsChanged = $derived(this.run.settings !== null && JSON.stringify(this.run.settings) !== JSON.stringify(this.settings));

  /** Apply a link's settings; each bad value falls back to its default and is named in a notice. */
  loadFromUrl(search: string): void {
    const { state, ignored } = parseUrlState(search);
    this.presetName = state.preset;
    this.settings = state.settings;
    this.displayTemperature = state.displayTemperature;
    this.selectedIndex = state.selectedIndex;
    this.lecture = state.lecture;
    this.lectureStep = state.step;
    if (ignored.length > 0) this.notify('warning', `Some of this link's settings were ignored and replaced by defaults: ${ignored.join('; ')}. The rest of the link applies.`);
  }

  connect(): void {
    try {
      this.worker = startTrainingWorker(
        (message) => this.reports.receive(message),
        (text) => {
          this.status = 'error';
          this.notify('error', `The training worker stopped: ${text}.`, { label: 'Restart the worker', run: () => this.restartWorker() });
        },
      );
      const { calibrations, problem } = this.calibrations.load();
      if (problem) this.notify('warning', `Backend choice: ${problem}; the backends will be measured again.`);
      this.send({ type: 'init', backend: this.backendChoice, settings: this.snapshot(), calibrations });
      this.previewData();
    } catch (error) {
      this.status = 'error';
      this.notify('error', `Web Workers are unavailable here, so nothing can train: ${(error as Error).message}`);
    }
  }

  disconnect(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  /** After the worker crashed: a new one, with the settings on screen kept (the run it held is gone). */
  restartWorker(): void {
    this.disconnect();
    this.run.clear();
    this.drawing.restart();
    this.reports.runId = -1;
    this.backend = null;
    this.loading = null;
    this.calibrating = null;
    this.status = 'starting';
    this.notices.dropErrors();
    this.connect();
  }

  // ——— commands ———

  private snapshot(): Settings {
    return $state.snapshot(this.settings) as Settings;
  }

  /** The live-teacher switch is on over a run whose teacher it did not train: Train starts a new run. */
  private readonly teacherNotLive = $derived(this.teacherPreference.live && this.run.teacherOrigin !== null && this.run.teacherOrigin.kind !== 'trained');
  /** The main button's word (train-label.ts): what train() does now. */
  readonly trainLabel = $derived(trainLabel(this.status, this.settingsChanged, this.teacherNotLive));

  train(): void {
    if (this.status === 'starting' && this.worker) {
      // Train pressed (Space, a Try it, a lecture step) while the backend is still being chosen: train once it is.
      this.reports.trainWhenReady = true;
      return;
    }
    if (!this.worker || this.status === 'training' || this.tooFewPoints()) return;
    const live = this.teacherPreference.live;
    // Resume only a paused run that Train would not replace (train-label.ts); otherwise a new run.
    if (resumesRun(this.status, this.settingsChanged, this.teacherNotLive)) this.send({ type: 'resume' });
    else this.send({ type: 'start', settings: this.snapshot(), calibration: this.calibrations.find(this.backend, this.snapshot()), trainTeacherLive: live });
    this.reports.statusBeforeStart = this.status;
    this.status = 'training';
  }

  /** Train this run's teacher live now (not from memory, storage or the shipped teachers), with the run's settings. */
  retrainTeacherLive(): void {
    const settings = this.run.settings ? ($state.snapshot(this.run.settings) as Settings) : this.snapshot();
    if (this.status === 'training') {
      // Once the worker confirms the pause (an epoch may be in flight).
      this.reports.retrainWhenPaused = settings;
      this.pause();
      return;
    }
    this.trainWithLiveTeacher(settings);
  }

  /** Start a run with these settings whose teacher trains live (Retrain live once paused; a broken shipped teacher's notice). */
  trainWithLiveTeacher(settings: Settings): void {
    if (!this.worker || this.status === 'starting') return;
    this.send({ type: 'start', settings, calibration: this.calibrations.find(this.backend, settings), trainTeacherLive: true });
    this.reports.statusBeforeStart = this.status;
    this.status = 'training';
  }

  /** "Run anyway": the long run the worker asked about, with the same settings. */
  runLongAnyway(): void {
    const question = this.longRun.accept();
    if (!question || !this.worker) return;
    const { command, settings, trainTeacherLive } = question;
    this.send({ type: command, settings, calibration: this.calibrations.find(this.backend, settings), trainTeacherLive, confirmed: true });
    if (command === 'start') {
      this.reports.statusBeforeStart = this.status;
      this.status = 'training';
    } else this.stepping = true;
  }

  /** "Cancel": the long run does not start; settings and any earlier run stay as they were. */
  cancelLongRun(): void {
    this.longRun.cancel();
  }

  /** Remove the teachers kept in this browser (and the worker's memory of trained ones); a notice says how many. */
  forgetStoredTeachers(): void {
    if (!this.worker || this.forgettingTeachers) return;
    this.forgettingTeachers = true;
    this.send({ type: 'forget-teachers' });
  }

  pause(): void {
    if (this.status !== 'training') return;
    this.send({ type: 'pause' });
  }

  step(): void {
    if (!this.worker || this.status === 'starting' || this.status === 'training' || this.tooFewPoints()) return;
    this.send({ type: 'step', settings: this.snapshot(), calibration: this.calibrations.find(this.backend, this.snapshot()), trainTeacherLive: this.teacherPreference.live });
    this.stepping = true;
  }

  reset(): void {
    if (!this.worker || this.status === 'starting') return;
    this.send({ type: 'reset' });
  }

  /** True, with a notice saying what to add, when your own points are too few to train on. */
  private tooFewPoints(): boolean {
    const problem = ownPointsProblem(this.settings);
    if (problem) this.notify('warning', problem);
    return problem !== null;
  }

  /** The page has shown run `runId`'s teacher: the worker's training, which waits for that, goes on. */
  teacherShown(runId: number): void {
    this.worker?.shown(runId);
  }

  /** Ask the worker for the data the next run would use, so the panels show it before training. */
  previewData(): void {
    if (!this.run.settings) this.send({ type: 'set-params', settings: this.snapshot() });
  }

  setBackend(choice: BackendChoice): void {
    this.backendChoice = choice;
    this.backend = null;
    this.status = 'starting';
    this.send({ type: 'set-backend', backend: choice, settings: this.snapshot(), calibration: this.calibrations.find(this.backend, this.snapshot()) });
  }

  /** Time every backend again on the current settings' models (the run, if any, is dropped, as when the backend changes). */
  remeasureBackends(): void {
    if (!this.worker || this.status === 'starting' || this.status === 'training') return;
    this.status = 'starting';
    this.send({ type: 'recalibrate', settings: this.snapshot() });
  }

  /** Validate one typed value; only a valid one replaces the setting. */
  setField(field: NumericField, raw: string): void {
    this.drafts[field] = raw;
    const result = parseNumericField(field, raw);
    if (result.ok && this.fitsSize(field, { ...this.snapshot(), [field]: result.value })) {
      (this.settings as unknown as Record<NumericField, number>)[field] = result.value;
      if (field === 'seed' || field === 'studentFraction') this.previewData();
    } else if (!result.ok) {
      this.fieldErrors[field] = result.message;
    }
  }

  /** Whether settings with a changed `field` fit the size limit; if not, why goes next to that field. */
  private fitsSize(field: NumericField | 'studentLayers' | 'dataset', next: Settings): boolean {
    const problem = sizeProblem(next);
    if (problem) this.fieldErrors[field] = problem.message;
    else delete this.fieldErrors[field];
    return !problem;
  }

  /** False (with the reason by the field) when the layers would make the run too big. */
  setStudentLayers(layers: string): boolean {
    if (!this.fitsSize('studentLayers', { ...this.snapshot(), studentLayers: layers })) return false;
    this.settings.studentLayers = layers;
    return true;
  }

  setDataset(name: DatasetName): boolean {
    if (!isDatasetName(name) || !this.fitsSize('dataset', { ...this.snapshot(), dataset: name })) return false;
    this.settings.dataset = name;
    if (this.settings.omittedClass >= DATASET_CLASS_COUNTS[name]) this.settings.omittedClass = -1;
    if (validateSettings(this.settings).keptClasses) {
      this.settings.keptClasses = '';
      delete this.drafts.keptClasses;
    }
    // Your points stay on a 2-D dataset that has their classes; otherwise the dataset's own points.
    if (validateSettings(this.settings).points) this.ownPoints.leave();
    this.selectedIndex = 0;
    this.previewData();
    return true;
  }

  /** The kept classes as typed ("7,8"; empty: every class): a valid list replaces the setting and clears an omitted class. */
  setKeptClasses(raw: string): void {
    this.drafts.keptClasses = raw;
    const result = parseKeptClasses(raw, this.settings.dataset);
    if (!result.ok) {
      this.fieldErrors.keptClasses = result.message;
      return;
    }
    delete this.fieldErrors.keptClasses;
    this.settings.keptClasses = result.value;
    if (result.value !== '') this.settings.omittedClass = -1;
    this.previewData();
  }

  setOmittedClass(value: number): void {
    this.setField('omittedClass', String(value));
    // One class omitted, or only some kept: omitting one keeps every other.
    if (this.settings.omittedClass >= 0 && this.settings.keptClasses !== '') {
      this.settings.keptClasses = '';
      delete this.drafts.keptClasses;
      delete this.fieldErrors.keptClasses;
    }
  }

  applyPreset(name: string): void {
    const preset = findPreset(name);
    if (!preset) {
      this.notify('warning', `There is no preset called “${name}”.`);
      return;
    }
    const datasetChanged = preset.settings.dataset !== this.settings.dataset;
    this.presetName = preset.name;
    this.settings = { ...preset.settings, seed: this.settings.seed };
    this.drafts = {};
    this.fieldErrors = {};
    this.biasShift = 0;
    this.chosenBiasShift = null;
    this.displayTemperature = preset.displayTemperature;
    if (datasetChanged) this.selectedIndex = 0;
    this.previewData();
  }

  selectPoint(index: number): void {
    if (this.testCount === 0) return;
    this.selectedIndex = ((Math.round(index) % this.testCount) + this.testCount) % this.testCount;
  }

  setDisplayTemperature(value: number): void {
    if (!Number.isFinite(value)) return;
    this.displayTemperature = Math.min(DISPLAY_T_RANGE.max, Math.max(DISPLAY_T_RANGE.min, value));
  }

  setBiasShift(value: number): void {
    if (Number.isFinite(value)) this.biasShift = value;
  }

  /** Put the simulator in the state a quiz question's answer is seen in (try-it.ts). */
  tryIt(action: TryIt): void {
    applyTryIt(this, action, (preset) => (this.reports.startWhenPaused = preset));
  }

  private send(message: ToWorker): void {
    if (this.worker) this.reports.sentSeq = this.worker.send(message);
  }
}
