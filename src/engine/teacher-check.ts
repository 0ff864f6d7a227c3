/**
 * A teacher that came ready from outside this page — shipped with the app (its manifest counts its test errors) or
 * stored by an earlier visit (its record holds its metrics) — is evaluated by the run before its students start, as a
 * teacher trained here is at its last epoch: its loss and accuracies on this run's training and test splits. So every
 * number shown of a teacher is computed in the page (the tests check that a shipped teacher's equal its manifest's).
 * In units of work, as every evaluation is (sliced-evaluation.ts): the full-scale teacher's is ~3·10¹¹ FLOP, about
 * 10 s on wasm, and Pause must not wait for it.
 */
import type { ModelMetrics } from '../core/roster';
import type { RunTeacher, RunTeachers } from './run-teachers';
import { SlicedEvaluation } from './sliced-evaluation';
import { SliceClock } from './slice-clock';
import type { TeacherCache } from './teacher-cache';
import { teacherKey } from '../core/teacher-origin';
import type { Split } from './split';

export class TeacherCheck {
  private readonly evaluation: SlicedEvaluation;

  constructor(
    private readonly teachers: RunTeachers,
    private readonly train: Split,
    private readonly test: Split,
    private readonly classes: number,
    /** The tab's teachers: each one evaluated keeps its numbers there, so Train again does not evaluate it again. */
    private readonly cache?: TeacherCache,
  ) {
    this.evaluation = new SlicedEvaluation(teachers.evaluationTargets(train, test, teachers.fromOutside));
  }

  /**
   * Evaluate for about `budgetMs`; once every unit is done, hand each teacher its metrics (`apply`, which may refuse
   * them by throwing; it sets the teacher's metrics), keep them in the cache and the teachers' test logits, free the
   * rest and return true. False while units remain (call again).
   */
  async runFor(budgetMs: number, apply: (teacher: RunTeacher, metrics: ModelMetrics) => void): Promise<boolean> {
    const clock = new SliceClock(budgetMs);
    while (!this.evaluation.done) {
      if (clock.outOfTime) return false;
      this.evaluation.runNext();
      clock.unitDone();
    }
    const { fromOutside } = this.teachers;
    const metrics = await this.teachers.readEvaluation(this.evaluation, this.train, this.test, this.classes, fromOutside, true);
    fromOutside.forEach((teacher, i) => {
      apply(teacher, metrics[i]!);
      const key = teacherKey(teacher.settings);
      const snapshot = this.cache?.get(key);
      if (snapshot && teacher.metrics) this.cache!.set(key, { ...snapshot, metrics: teacher.metrics, evaluatedHere: true });
    });
    return true;
  }

  dispose(): void {
    this.evaluation.dispose();
  }
}
