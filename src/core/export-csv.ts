import type { TrainingPhase } from './roster';

/** The metrics history of a run as CSV: one row per model per read-back epoch. */
export interface MetricsRow {
  phase: TrainingPhase;
  epoch: number;
  model: string;
  loss: number;
  trainAcc: number;
  testAcc: number;
}

export function metricsCsv(rows: readonly MetricsRow[]): string {
  const header = 'phase,epoch,model,loss,train_accuracy,test_accuracy';
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = rows.map((r) => [r.phase, r.epoch, quote(r.model), r.loss, r.trainAcc, r.testAcc].join(','));
  return [header, ...lines].join('\n') + '\n';
}
