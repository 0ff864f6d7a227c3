/** Run a whole experiment headless: teacher, then both students, to the last epoch. */
import type { Dataset } from '../../datasets/types';
import type { Settings } from '../core/settings';
import { DistillationRun, type EpochReport, type ModelMetrics } from './distillation-run';
import type { TeacherCache } from './teacher-cache';

export interface RunResult {
  teacher: ModelMetrics;
  hard: ModelMetrics;
  soft: ModelMetrics;
  seconds: number;
}

export async function runToEnd(
  settings: Settings,
  dataset: Dataset,
  options: { cache?: TeacherCache; onEpoch?: (report: EpochReport) => void } = {},
): Promise<RunResult> {
  const started = performance.now();
  const run = new DistillationRun(settings, dataset, options.cache);
  try {
    while (run.phase !== 'done') {
      const report = await run.advance();
      options.onEpoch?.(report);
    }
    const { teacher, hard, soft } = run.lastMetrics;
    return { teacher: teacher!, hard: hard!, soft: soft!, seconds: (performance.now() - started) / 1000 };
  } finally {
    run.dispose();
  }
}
