/**
 * What the worker has reported about the current run: the data, the metrics
 * history and the final logits. Large arrays are $state.raw (never proxied).
 */
import { studentSpecs, type ModelMetrics, type StudentSpec } from '../core/roster';
import type { Settings } from '../core/settings';
import type { DatasetView, FromWorker, TeacherOrigin } from '../protocol/messages';

export interface StudentPoint {
  epoch: number;
  students: Record<string, ModelMetrics>;
}

export interface TeacherPoint {
  epoch: number;
  teacher: ModelMetrics;
}

export class RunData {
  /** Settings of the run in the worker; null before the first run or after a reset. */
  settings = $state<Settings | null>(null);
  dataset = $state.raw<DatasetView | null>(null);
  teacherLogits = $state.raw<Float32Array | null>(null);
  testLogits = $state.raw<Record<string, Float32Array> | null>(null);
  /** Where the students ignored classes: the soft student's bias shift chosen on the training split (by the worker); else null. */
  softShift = $state.raw<number | null>(null);
  /** A sweep's students' fidelity to the teacher (test and transfer sets), by id; null before the run ends. */
  fidelity = $state.raw<Extract<FromWorker, { type: 'students-logits' }>['fidelity'] | null>(null);
  teacherHistory = $state.raw<TeacherPoint[]>([]);
  studentHistory = $state.raw<StudentPoint[]>([]);
  teacherMetrics = $state<ModelMetrics | null>(null);
  /** A label-smoothed teacher's unsmoothed twin: its test logits, metrics and origin; null without smoothing. */
  twinLogits = $state.raw<Float32Array | null>(null);
  twinMetrics = $state<ModelMetrics | null>(null);
  twinOrigin = $state.raw<TeacherOrigin | null>(null);
  /** Where the run's teacher came from; null until it is ready. */
  teacherOrigin = $state.raw<TeacherOrigin | null>(null);
  /** A shipped or stored teacher the worker is evaluating (until teacher-ready): where it came from; else null. */
  teacherToCheck = $state.raw<TeacherOrigin | null>(null);
  /** For a shipped teacher: its test errors, counted by the worker on its test logits. */
  shippedTest = $state.raw<{ errors: number; count: number } | null>(null);
  /** When the teacher this run trained was kept in this browser; null if it was not (yet). */
  teacherStoredAt = $state<number | null>(null);
  seconds = $state<number | null>(null);
  maps = $state.raw<Extract<FromWorker, { type: 'decision-maps' }> | null>(null);

  readonly specs: StudentSpec[] = $derived(this.settings ? studentSpecs(this.settings) : []);
  readonly latest = $derived(this.studentHistory.at(-1) ?? null);
  readonly classCount = $derived(this.dataset?.classNames.length ?? 0);
  readonly testCount = $derived(this.dataset?.testY.length ?? 0);

  /**
   * A new run began with these settings and this data. `keepTeacherCurve`: it is the same run started again on
   * another backend after a failure, whose teacher's epochs (trained before it) stay on the loss chart.
   */
  begin(settings: Settings, dataset: DatasetView, { keepTeacherCurve = false, teacherToCheck = null as TeacherOrigin | null } = {}): void {
    const teacherCurve = keepTeacherCurve && JSON.stringify(settings) === JSON.stringify(this.settings) ? this.teacherHistory : [];
    this.settings = settings;
    this.dataset = dataset;
    this.clearResults();
    this.teacherHistory = teacherCurve;
    this.teacherToCheck = teacherToCheck;
  }

  clear(): void {
    this.settings = null;
    this.clearResults();
  }

  private clearResults(): void {
    this.teacherLogits = null;
    this.testLogits = null;
    this.softShift = null;
    this.fidelity = null;
    this.teacherHistory = [];
    this.studentHistory = [];
    this.teacherMetrics = null;
    this.teacherOrigin = null;
    this.teacherToCheck = null;
    this.twinLogits = null;
    this.twinMetrics = null;
    this.twinOrigin = null;
    this.shippedTest = null;
    this.teacherStoredAt = null;
    this.seconds = null;
    this.maps = null;
  }

  /** Record a data-bearing report; returns false for messages it does not handle. */
  apply(message: FromWorker): boolean {
    switch (message.type) {
      case 'epoch':
        if (message.teacher) {
          this.teacherMetrics = message.teacher;
          // A teacher's first epoch starts its curve afresh (a kept curve is replaced when the teacher trains again).
          const before = message.epoch === 1 ? [] : this.teacherHistory;
          this.teacherHistory = [...before, { epoch: message.epoch, teacher: message.teacher }];
        }
        if (message.twin) this.twinMetrics = message.twin;
        if (message.students) this.studentHistory = [...this.studentHistory, { epoch: message.epoch, students: message.students }];
        return true;
      case 'teacher-ready':
        this.teacherLogits = message.testLogits;
        this.teacherMetrics = message.teacher;
        this.teacherOrigin = message.origin;
        this.teacherToCheck = null;
        this.shippedTest = message.shippedTest ?? null;
        this.twinLogits = message.twin?.testLogits ?? null;
        this.twinMetrics = message.twin?.teacher ?? null;
        this.twinOrigin = message.twin?.origin ?? null;
        return true;
      case 'teacher-stored':
        this.teacherStoredAt = message.savedAt;
        return true;
      case 'students-logits':
        this.testLogits = message.test;
        this.softShift = message.softShift;
        this.fidelity = message.fidelity ?? null;
        return true;
      case 'done':
        this.seconds = message.seconds;
        return true;
      case 'decision-maps':
        this.maps = message;
        return true;
      default:
        return false;
    }
  }
}
