/**
 * The teacher line's words: where the teacher came from and how well it does.
 * Pure, so the wording is unit-tested without a browser.
 */
import type { ModelMetrics } from '../core/roster';
import { describeTeacherOrigin, type TeacherOrigin } from '../core/teacher-origin';
import { countText } from '../core/number-text';

const percent = (value: number) => `${(100 * value).toFixed(1)}%`;

/** "26 Nov 2026, 10:32", in the browser's time zone. */
export function formatSavedAt(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(ms);
}

/** "stored from an earlier visit (26 Nov 2026, 10:32)", "shipped with the app (npm run teachers, seed 1)", "trained now". */
export function teacherOriginText(origin: TeacherOrigin, formatDate: (ms: number) => string = formatSavedAt): string {
  if (origin.kind === 'stored') return `stored from an earlier visit (${formatDate(origin.savedAt)})`;
  return describeTeacherOrigin(origin, formatDate);
}

/** While the worker evaluates a shipped or stored teacher: where it came from, and that its numbers are being computed. */
export function teacherCheckText(origin: TeacherOrigin, formatDate: (ms: number) => string = formatSavedAt): string {
  return `${teacherOriginText(origin, formatDate)} · evaluating it on the training and test data…`;
}

/** "shipped with the app (npm run teachers, seed 1) · test 98.1% (190 errors of 10,000) · train 99.6%". */
export function teacherLineText(
  origin: TeacherOrigin | null,
  metrics: Pick<ModelMetrics, 'trainAcc' | 'testAcc'>,
  shippedTest: { errors: number; count: number } | null,
  formatDate: (ms: number) => string = formatSavedAt,
): string {
  const errors = shippedTest ? ` (${countText(shippedTest.errors)} errors of ${countText(shippedTest.count)})` : '';
  return `${origin ? teacherOriginText(origin, formatDate) : 'trained'} · test ${percent(metrics.testAcc)}${errors} · train ${percent(metrics.trainAcc)}`;
}
