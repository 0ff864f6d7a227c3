/** Run a whole experiment headless: teacher, then every student, to the last epoch. */
import type { Dataset } from '../../datasets/types';
import type { Settings } from '../core/settings';
import { DistillationRun, type EpochReport, type ModelMetrics } from './distillation-run';
import type { TeacherCache } from './teacher-cache';

export interface RunResult<Extra = undefined> {
  teacher: ModelMetrics;
  students: Record<string, ModelMetrics>;
  seconds: number;
  /** Whatever `inspect` computed from the finished run before it was disposed. */
  extra: Extra;
}

export async function runToEnd<Extra = undefined>(
  settings: Settings,
  dataset: Dataset,
  options: { cache?: TeacherCache; onEpoch?: (report: EpochReport) => void; inspect?: (run: DistillationRun) => Promise<Extra> } = {},
): Promise<RunResult<Extra>> {
  const started = performance.now();
  const run = new DistillationRun(settings, dataset, options.cache);
  try {
    while (run.phase !== 'done') {
      const report = await run.advance();
      options.onEpoch?.(report);
    }
    const extra = (options.inspect ? await options.inspect(run) : undefined) as Extra;
    return { teacher: run.lastMetrics.teacher!, students: run.lastMetrics.students, seconds: (performance.now() - started) / 1000, extra };
  } finally {
    run.dispose();
  }
}
