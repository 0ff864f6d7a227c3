/**
 * What the paper (Hinton, Vinyals & Dean 2015) published for each experiment a
 * preset repeats, defined once, and the rows that set our measurement beside
 * it; and the later findings the "After the paper" presets test (after-paper.ts).
 * A preset compares only with its own figure, or with none: the MNIST
 * error counts belong to the MNIST runs, not to the omitted-class or 3% runs.
 * Pure, so the rows are tested in Node.
 */
import { findPreset } from './presets';
import type { Settings } from './settings';
import { AFTER_PAPER, afterPaperRows, afterPaperShortSource, afterPaperSource, afterPaperVerdict, type AfterPaperFigure, type AfterPaperMeasured } from './after-paper';

export type PaperFigure =
  /** §3, MNIST: a 1200-1200 teacher, 800-800 students; test errors of the 10,000 test digits. */
  | { kind: 'mnist-errors'; teacher: number; hard: number; soft: number }
  /** §3: every 3 removed from the transfer set; the soft student before and after its class-3 bias is raised. */
  | { kind: 'omitted-class'; omitted: number; classCount: number; classErrors: number; classErrorsShifted: number; errors: number; errorsShifted: number; biasShift: number }
  /** §3: only 7s and 8s in the transfer set; test error before and after their biases are lowered together. */
  | { kind: 'kept-classes'; kept: readonly number[]; testError: number; testErrorShifted: number; biasShift: number }
  /** §5, speech (frame accuracy, Table 5): 3% of the data, hard labels against soft targets. */
  | { kind: 'train-test-gaps'; hard: { train: number; test: number }; soft: { train: number; test: number } };

/** The paper's figures, and the later findings' claims. */
export type PublishedFigure = PaperFigure | AfterPaperFigure;

export const PUBLISHED = {
  mnist: { kind: 'mnist-errors', teacher: 67, hard: 146, soft: 74 },
  omittedThrees: { kind: 'omitted-class', omitted: 3, classCount: 1010, classErrors: 133, classErrorsShifted: 14, errors: 206, errorsShifted: 109, biasShift: 3.5 },
  sevensEights: { kind: 'kept-classes', kept: [7, 8], testError: 0.473, testErrorShifted: 0.132, biasShift: -7.6 },
  speechThreePercent: { kind: 'train-test-gaps', hard: { train: 0.673, test: 0.445 }, soft: { train: 0.654, test: 0.57 } },
  ...AFTER_PAPER,
} as const satisfies Record<string, PublishedFigure>;

export type PublishedKey = keyof typeof PUBLISHED;

/** One line of an "Against the paper" table; null where this run has no value yet. */
export interface ComparisonRow {
  label: string;
  here: string | null;
  paper: string;
  /** Stable id for tests and the guided lecture. */
  id: string;
}

/** What a run measured, in the units the figures need; any may be missing while it trains. */
export interface Measured extends AfterPaperMeasured {
  testCount: number;
  teacherTestAcc?: number;
  hard?: { trainAcc: number; testAcc: number };
  soft?: { trainAcc: number; testAcc: number };
  /** The soft student's test accuracy on the left-out class(es) and overall, before and after the bias shift chosen on the training split. */
  shift?: { shift: number; classAcc: number; classAccShifted: number; overall: number; overallShifted: number; classCount: number };
}

const pct = (value: number) => `${(100 * value).toFixed(1)}%`;
const points = (value: number) => `${(100 * value).toFixed(1)} points`;
const signed = (value: number) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(2)}`;

/** Share of the teacher–hard gap the soft student closes: (hard − soft) / (hard − teacher), from error counts. */
export function gapRecovered(teacher: number, hard: number, soft: number): number | null {
  return hard === teacher ? null : (hard - soft) / (hard - teacher);
}

export function comparisonRows(figure: PublishedFigure, m: Measured): ComparisonRow[] {
  if (isAfterPaper(figure)) return afterPaperRows(figure, m);
  const errorsOf = (acc: number | undefined) => (acc === undefined ? null : Math.round((1 - acc) * m.testCount));
  switch (figure.kind) {
    case 'mnist-errors': {
      const teacher = errorsOf(m.teacherTestAcc);
      const hard = errorsOf(m.hard?.testAcc);
      const soft = errorsOf(m.soft?.testAcc);
      const recovered = teacher !== null && hard !== null && soft !== null ? gapRecovered(teacher, hard, soft) : null;
      return [
        { id: 'errors-teacher', label: 'Teacher: test errors', here: teacher === null ? null : String(teacher), paper: String(figure.teacher) },
        { id: 'errors-hard', label: 'Student, hard labels: test errors', here: hard === null ? null : String(hard), paper: String(figure.hard) },
        { id: 'errors-soft', label: 'Student, soft targets: test errors', here: soft === null ? null : String(soft), paper: String(figure.soft) },
        { id: 'recovered', label: 'Share of the teacher–hard gap the soft student recovers', here: recovered === null ? null : `${Math.round(100 * recovered)}%`, paper: `${Math.round(100 * gapRecovered(figure.teacher, figure.hard, figure.soft)!)}%` },
      ];
    }
    case 'omitted-class': {
      const s = m.shift;
      return [
        { id: 'class-before', label: `Soft student: test ${figure.omitted}s right, no shift`, here: s ? pct(s.classAcc) : null, paper: pct(1 - figure.classErrors / figure.classCount) },
        { id: 'class-after', label: `… after raising the ${figure.omitted} bias (chosen on training data)`, here: s ? pct(s.classAccShifted) : null, paper: pct(1 - figure.classErrorsShifted / figure.classCount) },
        { id: 'overall-after', label: 'Soft student: all test digits right, after the shift', here: s ? pct(s.overallShifted) : null, paper: pct(1 - figure.errorsShifted / 10_000) },
        { id: 'shift', label: 'Bias shift', here: s ? signed(s.shift) : null, paper: signed(figure.biasShift) },
      ];
    }
    case 'kept-classes': {
      const s = m.shift;
      return [
        { id: 'error-before', label: 'Soft student: test error, no shift', here: s ? pct(1 - s.overall) : null, paper: pct(figure.testError) },
        { id: 'error-after', label: 'Test error after lowering the kept biases (chosen on training data)', here: s ? pct(1 - s.overallShifted) : null, paper: pct(figure.testErrorShifted) },
        { id: 'shift', label: 'Bias shift', here: s ? signed(s.shift) : null, paper: signed(figure.biasShift) },
      ];
    }
    case 'train-test-gaps': {
      const gap = (x: { trainAcc: number; testAcc: number } | undefined) => (x ? points(x.trainAcc - x.testAcc) : null);
      return [
        { id: 'hard-gap', label: 'Hard labels: train − test accuracy', here: gap(m.hard), paper: points(figure.hard.train - figure.hard.test) },
        { id: 'soft-gap', label: 'Soft targets: train − test accuracy', here: gap(m.soft), paper: points(figure.soft.train - figure.soft.test) },
        { id: 'hard-test', label: 'Hard labels: test accuracy', here: m.hard ? pct(m.hard.testAcc) : null, paper: pct(figure.hard.test) },
        { id: 'soft-test', label: 'Soft targets: test accuracy', here: m.soft ? pct(m.soft.testAcc) : null, paper: pct(figure.soft.test) },
      ];
    }
  }
}

const isAfterPaper = (figure: PublishedFigure): figure is AfterPaperFigure => figure.kind === 'born-again' || figure.kind === 'label-smoothing' || figure.kind === 'fidelity';

/** The panel's heading: the paper, or the later work whose claim the run tests. */
export function figureHeading(figure: PublishedFigure): string {
  return isAfterPaper(figure) ? `Against ${figure.cite}` : 'Against the paper';
}

/** Whether this run shows a later finding's effect, in a sentence with its figures; null for the paper's own figures (or too early). */
export function figureVerdict(figure: PublishedFigure, m: Measured): string | null {
  return isAfterPaper(figure) ? afterPaperVerdict(figure, m) : null;
}

/** One line naming where the paper's figure comes from, for under the table. */
export function figureSource(figure: PublishedFigure): string {
  if (isAfterPaper(figure)) return afterPaperSource(figure);
  switch (figure.kind) {
    case 'mnist-errors':
      // Non-breaking hyphens (U+2011): a phone wrapped "800-" from "800".
      return 'Paper §3, MNIST: 1200\u20111200 teacher, 800\u2011800 students; test errors of 10,000.';
    case 'omitted-class':
      return 'Paper, §3: the distilled net never saw a 3; 133 of its 206 errors were 3s until its 3 bias was raised by 3.5.';
    case 'kept-classes':
      return 'Paper, §3: a transfer set of only 7s and 8s; test error 47.3%, 13.2% after lowering their biases by 7.6.';
    case 'train-test-gaps':
      return 'Paper §5, Table 5: speech, 3% of the data, frame accuracy — not digits: compare the gaps, not the accuracies.';
  }
}

/** The caption for a projector, one short line, where `figureSource` is too long for one (the later claims); null where it fits. */
export function figureShortSource(figure: PublishedFigure): string | null {
  return isAfterPaper(figure) ? afterPaperShortSource(figure) : null;
}

/** The figure a run compares with: its preset's, while the run still is that experiment (an edited omitted class is not the paper's 3s). */
export function figureForRun(presetName: string, settings: Settings | null): PublishedFigure | null {
  const key = findPreset(presetName)?.published;
  if (!key || !settings) return null;
  const published: PublishedFigure = PUBLISHED[key];
  // The fidelity claim is read off a sweep (agreement at each T); every other figure off the compared pair.
  if (published.kind === 'fidelity') return settings.mode === 'sweep' ? published : null;
  if (settings.mode !== 'compare') return null;
  // Born-again means a student as large as its teacher; the smoothing claim needs a smoothed teacher.
  if (published.kind === 'born-again' && settings.studentLayers !== settings.teacherLayers) return null;
  if (published.kind === 'label-smoothing' && settings.teacherLabelSmoothing <= 0) return null;
  if (published.kind === 'omitted-class' && settings.omittedClass !== published.omitted) return null;
  if (published.kind === 'kept-classes' && settings.keptClasses !== published.kept.join(',')) return null;
  return published;
}
