/**
 * Each student's fidelity to its teacher (Stanton et al. 2021): accuracy, agreement with the teacher and the
 * most agreement those accuracies allow (class-metrics.ts `fidelity`), on the test split and on the transfer
 * set the student was trained to match the teacher on. One computation for the worker and the command line.
 */
import { fidelity, type Fidelity } from '../core/class-metrics';
import type { DistillationRun } from './distillation-run';

export interface StudentFidelity {
  test: Fidelity;
  transfer: Fidelity;
}

export async function studentFidelity(run: DistillationRun, ids: readonly string[] = run.specs.map((s) => s.id)): Promise<Record<string, StudentFidelity>> {
  const result: Record<string, Partial<StudentFidelity>> = {};
  for (const split of ['test', 'transfer'] as const) {
    const teacher = await run.teacherLogits(split);
    const students = await run.studentsLogits(ids, split);
    const labels = run.labelsOf(split);
    for (const id of ids) (result[id] ??= {})[split] = fidelity(students[id]!, teacher, labels, run.classes);
  }
  return result as Record<string, StudentFidelity>;
}
