/**
 * The simulator's state on the main thread, as Svelte 5 runes: settings (the
 * last good ones, plus what the user is typing), the worker's reports, the
 * selected example and the display temperature. Training itself runs in the
 * worker; this class only sends commands and records what comes back.
 */
import { entropyBits, softmax } from '../core/softmax';
import { DEFAULT_PRESET, findPreset } from '../core/presets';
import { parseNumericField, type NumericField, type Settings, type StudentSize } from '../core/settings';
import type { BackendChoice, BackendReport, DatasetView, FromWorker, ModelMetrics, RunPhase } from '../protocol/messages';
import type { TryIt } from '../quiz/questions';
import { startTrainingWorker, type TrainingWorker } from './worker-client';
import { darkestExample } from '../core/dark-example';

export type Status = 'starting' | 'idle' | 'training' | 'paused' | 'done' | 'error';

export interface StudentPoint {
  epoch: number;
  hard: ModelMetrics;
  soft: ModelMetrics;
}

export interface TeacherPoint {
  epoch: number;
  teacher: ModelMetrics;
}

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

export const DISPLAY_T_MIN = 0.5;
export const DISPLAY_T_MAX = 20;

export class Session {
  presetName = $state<string>(DEFAULT_PRESET);
  /** The last valid settings: what Train uses. */
  settings = $state<Settings>({ ...findPreset(DEFAULT_PRESET)!.settings });
  /** What is typed in each numeric field, valid or not. */
  drafts = $state<Record<string, string>>({});
  fieldErrors = $state<Partial<Record<NumericField, string>>>({});

  status = $state<Status>('starting');
  backend = $state<BackendReport | null>(null);
  backendChoice = $state<BackendChoice>('auto');
  phase = $state<RunPhase | null>(null);
  epoch = $state(0);
  totalEpochs = $state(0);
  lastRunSeconds = $state<number | null>(null);
  /** Settings of the run in the worker, to tell whether Train restarts. */
  runSettings = $state<Settings | null>(null);

  dataset = $state.raw<DatasetView | null>(null);
  teacherLogits = $state.raw<Float32Array | null>(null);
  studentLogits = $state.raw<{ hard: Float32Array; soft: Float32Array } | null>(null);
  teacherHistory = $state.raw<TeacherPoint[]>([]);
  studentHistory = $state.raw<StudentPoint[]>([]);
  teacherMetrics = $state<ModelMetrics | null>(null);
  teacherFromCache = $state(false);

  selectedIndex = $state(0);
  displayTemperature = $state(1);
  notices = $state<Notice[]>([]);

  /** Id of the run whose messages we accept; older runs' late messages are dropped. */
  private runId = -1;
  private worker: TrainingWorker | null = null;
  private noticeId = 0;

  readonly classCount = $derived(this.dataset?.classNames.length ?? 0);
  readonly testCount = $derived(this.dataset?.testY.length ?? 0);
  readonly selectedLabel = $derived(this.dataset ? this.dataset.testY[this.selectedIndex] ?? 0 : 0);

  /** The teacher's logits for the selected test example. */
  readonly selectedLogits = $derived.by(() => {
    if (!this.teacherLogits || this.classCount === 0) return null;
    const start = this.selectedIndex * this.classCount;
    return Array.from(this.teacherLogits.subarray(start, start + this.classCount));
  });
  /** Recomputed from cached logits whenever the slider moves: no retraining. */
  readonly displayProbabilities = $derived(this.selectedLogits ? softmax(this.selectedLogits, this.displayTemperature) : null);
  readonly displayEntropy = $derived(this.displayProbabilities ? entropyBits(this.displayProbabilities) : null);

  readonly latestStudents = $derived(this.studentHistory.at(-1) ?? null);
  readonly progress = $derived(this.totalEpochs > 0 ? this.epoch / this.totalEpochs : 0);
  readonly settingsChanged = $derived(this.runSettings !== null && JSON.stringify(this.runSettings) !== JSON.stringify(this.settings));
  readonly hasFieldErrors = $derived(Object.keys(this.fieldErrors).length > 0);

  connect(): void {
    try {
      this.worker = startTrainingWorker(
        (message) => this.receive(message),
        (text) => {
          this.status = 'error';
          this.notify('error', `The training worker stopped: ${text}. Reload the page to try again.`);
        },
      );
      this.worker.send({ type: 'init', backend: this.backendChoice });
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

  // ——— commands ———

  train(): void {
    if (!this.worker || this.status === 'starting' || this.status === 'training') return;
    if (this.status === 'paused' && !this.settingsChanged) this.worker.send({ type: 'resume' });
    else this.worker.send({ type: 'start', settings: $state.snapshot(this.settings) as Settings });
    this.status = 'training';
  }

  pause(): void {
    if (this.status !== 'training') return;
    this.worker?.send({ type: 'pause' });
  }

  step(): void {
    if (!this.worker || this.status === 'starting' || this.status === 'training') return;
    this.worker.send({ type: 'step', settings: $state.snapshot(this.settings) as Settings });
  }

  reset(): void {
    if (!this.worker || this.status === 'starting') return;
    this.worker.send({ type: 'reset' });
  }

  /** Ask the worker for the data the next run would use, so the plot shows it before training. */
  previewData(): void {
    if (!this.runSettings) this.worker?.send({ type: 'set-params', settings: $state.snapshot(this.settings) as Settings });
  }

  setBackend(choice: BackendChoice): void {
    this.backendChoice = choice;
    this.backend = null;
    this.status = 'starting';
    this.worker?.send({ type: 'set-backend', backend: choice });
  }

  /** Validate one typed value; only a valid one replaces the setting. */
  setField(field: NumericField, raw: string): void {
    this.drafts[field] = raw;
    const result = parseNumericField(field, raw);
    if (result.ok) {
      delete this.fieldErrors[field];
      (this.settings as unknown as Record<NumericField, number>)[field] = result.value;
      if (field === 'seed' || field === 'studentFraction') this.previewData();
    } else {
      this.fieldErrors[field] = result.message;
    }
  }

  setStudentSize(size: StudentSize): void {
    this.settings.studentSize = size;
  }

  applyPreset(name: string): void {
    const preset = findPreset(name);
    if (!preset) {
      this.notify('warning', `There is no preset called “${name}”.`);
      return;
    }
    this.presetName = preset.name;
    this.settings = { ...preset.settings, seed: this.settings.seed };
    this.drafts = {};
    this.fieldErrors = {};
    this.previewData();
  }

  selectPoint(index: number): void {
    if (this.testCount === 0) return;
    this.selectedIndex = ((Math.round(index) % this.testCount) + this.testCount) % this.testCount;
  }

  setDisplayTemperature(value: number): void {
    if (!Number.isFinite(value)) return;
    this.displayTemperature = Math.min(DISPLAY_T_MAX, Math.max(DISPLAY_T_MIN, value));
  }

  /** Put the simulator in the state a quiz question's answer is seen in. */
  tryIt(action: TryIt): void {
    switch (action.kind) {
      case 'display-temperature':
        this.setDisplayTemperature(action.from);
        // Two frames apart, so the change from `from` to `to` is seen.
        setTimeout(() => this.setDisplayTemperature(action.to), 400);
        return;
      case 'dark-knowledge-example':
        if (this.teacherLogits && this.dataset) {
          this.selectPoint(darkestExample(this.teacherLogits, this.dataset.testY, this.classCount));
        } else {
          this.notify('info', 'Train the teacher first (press Train): its soft targets are what this shows.');
        }
        this.setDisplayTemperature(action.temperature);
        return;
      case 'train-preset':
        if (this.status === 'training') this.pause();
        this.applyPreset(action.preset);
        setTimeout(() => this.train(), this.status === 'training' ? 300 : 0);
        return;
    }
  }

  dismissNotice(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  notify(level: Notice['level'], text: string): void {
    this.notices = [...this.notices.filter((n) => n.text !== text), { id: ++this.noticeId, level, text }];
  }

  // ——— worker reports ———

  private receive(message: FromWorker): void {
    if ('runId' in message && message.runId !== null && message.type !== 'dataset' && message.runId !== this.runId) return;
    switch (message.type) {
      case 'ready':
        this.backend = message.backend;
        if (this.status === 'starting') this.status = 'idle';
        return;
      case 'backend-fallback':
        this.notify('warning', message.message);
        this.status = 'idle';
        return;
      case 'preview':
        if (!this.runSettings) this.dataset = message.dataset;
        return;
      case 'dataset':
        this.runId = message.runId;
        this.dataset = message.dataset;
        this.runSettings = $state.snapshot(this.settings) as Settings;
        this.teacherLogits = null;
        this.studentLogits = null;
        this.teacherHistory = [];
        this.studentHistory = [];
        this.teacherMetrics = null;
        this.lastRunSeconds = null;
        if (this.selectedIndex >= message.dataset.testY.length) this.selectedIndex = 0;
        return;
      case 'progress':
        this.phase = message.phase;
        this.epoch = message.epoch;
        this.totalEpochs = message.totalEpochs;
        return;
      case 'epoch':
        this.phase = message.phase;
        this.epoch = message.epoch;
        this.totalEpochs = message.totalEpochs;
        if (message.teacher) {
          this.teacherMetrics = message.teacher;
          this.teacherHistory = [...this.teacherHistory, { epoch: message.epoch, teacher: message.teacher }];
        }
        if (message.hard && message.soft) {
          this.studentHistory = [...this.studentHistory, { epoch: message.epoch, hard: message.hard, soft: message.soft }];
        }
        return;
      case 'teacher-ready':
        this.teacherLogits = message.testLogits;
        this.teacherMetrics = message.teacher;
        this.teacherFromCache = message.fromCache;
        return;
      case 'students-logits':
        this.studentLogits = { hard: message.hard, soft: message.soft };
        return;
      case 'paused':
        this.status = 'paused';
        return;
      case 'done':
        this.status = 'done';
        this.lastRunSeconds = message.seconds;
        return;
      case 'reset-done':
        this.runId = -1;
        this.runSettings = null;
        this.phase = null;
        this.epoch = 0;
        this.totalEpochs = 0;
        this.teacherHistory = [];
        this.studentHistory = [];
        this.teacherLogits = null;
        this.teacherMetrics = null;
        this.studentLogits = null;
        this.lastRunSeconds = null;
        this.status = 'idle';
        this.previewData();
        return;
      case 'error':
        this.status = message.recoverable ? (this.runSettings ? 'paused' : 'idle') : 'error';
        this.notify('error', message.message);
        return;
    }
  }
}
