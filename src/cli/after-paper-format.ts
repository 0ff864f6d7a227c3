/**
 * How `npm run experiment` prints the "After the paper" presets: the claim, the rows that set this run beside
 * it and the verdict (src/core/after-paper.ts), per run and as means over seeds. The same rows the app shows.
 */
import { afterPaperRows, afterPaperSource, afterPaperVerdict, type AfterPaperFigure, type AfterPaperMeasured } from '../core/after-paper';
import type { Fidelity } from '../core/class-metrics';
import { mean } from '../core/metrics';
import { figureForRun } from '../core/published';
import { HARD, SOFT, SOFT_UNSMOOTHED, sweepStudentId } from '../core/roster';
import { SWEEP_TEMPERATURES } from '../core/settings';
import type { PresetReport } from '../engine/preset-report';
import type { RunResult } from '../engine/run-to-end';

/** What the format needs of a run's record (report-format.ts `ExperimentRecord`). */
interface Run {
  preset: string;
  settings: Parameters<typeof figureForRun>[1];
  result: RunResult<PresetReport>;
}

/** The later finding a run tests, or null (the paper's own experiments, or a run edited out of the claim). */
export function afterPaperFigure(run: Run): AfterPaperFigure | null {
  const figure = figureForRun(run.preset, run.settings);
  return figure && (figure.kind === 'born-again' || figure.kind === 'label-smoothing' || figure.kind === 'fidelity') ? figure : null;
}

/** The normal-size sweep students, hard first, then by T. */
const FIDELITY_ORDER: (number | 'hard')[] = ['hard', ...SWEEP_TEMPERATURES];

/** The figures of one run, as the rows and verdict take them. */
export function measuredOf(run: Run): AfterPaperMeasured {
  const { result } = run;
  const extra = result.extra;
  const student = (id: string) => result.students[id];
  const m: AfterPaperMeasured = { testCount: extra.testCount, teacherTestAcc: result.teacher.testAcc };
  if (student(HARD)) m.hard = student(HARD)!;
  if (student(SOFT)) m.soft = student(SOFT)!;
  if (extra.smoothing) {
    m.twinTestAcc = extra.smoothing.twinTestAcc;
    m.softUnsmoothed = { testAcc: extra.smoothing.softUnsmoothedTestAcc };
    m.wrongClassEntropy = extra.smoothing.wrongClassEntropy;
  }
  if (extra.fidelity) m.fidelity = FIDELITY_ORDER.map((T) => ({ T, ...extra.fidelity![sweepStudentId('normal', T)]! }));
  return m;
}

/** The measurement averaged over runs (accuracies, entropies and fidelities are means; error counts follow from them). */
export function meanMeasured(runs: readonly Run[]): AfterPaperMeasured {
  const all = runs.map(measuredOf);
  const avg = (pick: (m: AfterPaperMeasured) => number | undefined) => {
    const values = all.map(pick);
    return values.every((v) => v !== undefined) ? mean(values as number[]) : undefined;
  };
  const first = all[0]!;
  const m: AfterPaperMeasured = { testCount: first.testCount };
  const put = <K extends keyof AfterPaperMeasured>(key: K, value: AfterPaperMeasured[K] | undefined) => {
    if (value !== undefined) m[key] = value;
  };
  put('teacherTestAcc', avg((x) => x.teacherTestAcc));
  const acc = (value: number | undefined) => (value === undefined ? undefined : { testAcc: value });
  put('hard', acc(avg((x) => x.hard?.testAcc)));
  put('soft', acc(avg((x) => x.soft?.testAcc)));
  put('twinTestAcc', avg((x) => x.twinTestAcc));
  put('softUnsmoothed', acc(avg((x) => x.softUnsmoothed?.testAcc)));
  if (first.wrongClassEntropy) {
    const h = (pick: (e: NonNullable<AfterPaperMeasured['wrongClassEntropy']>) => number) => avg((x) => (x.wrongClassEntropy ? pick(x.wrongClassEntropy) : undefined))!;
    m.wrongClassEntropy = { teacher: h((e) => e.teacher), twin: h((e) => e.twin), max: first.wrongClassEntropy.max, temperature: first.wrongClassEntropy.temperature };
  }
  if (first.fidelity) {
    const meanFidelity = (pick: (x: AfterPaperMeasured) => Fidelity): Fidelity => ({
      studentAcc: mean(all.map((x) => pick(x).studentAcc)),
      teacherAcc: mean(all.map((x) => pick(x).teacherAcc)),
      agreement: mean(all.map((x) => pick(x).agreement)),
      ceiling: mean(all.map((x) => pick(x).ceiling)),
    });
    m.fidelity = first.fidelity.map((f, i) => ({ T: f.T, test: meanFidelity((x) => x.fidelity![i]!.test), transfer: meanFidelity((x) => x.fidelity![i]!.transfer) }));
  }
  return m;
}

function printRows(figure: AfterPaperFigure, m: AfterPaperMeasured, indent: string): void {
  for (const row of afterPaperRows(figure, m)) console.log(`${indent}${row.label}: ${row.here ?? '—'}${row.paper === '—' ? '' : `  [published: ${row.paper}]`}`);
  const verdict = afterPaperVerdict(figure, m);
  if (verdict) console.log(`${indent}${verdict}`);
}

/** After a run's usual lines: the claim's rows and the verdict for this run. */
export function printAfterPaper(run: Run): void {
  const figure = afterPaperFigure(run);
  if (!figure) return;
  console.log(`  Claim — ${afterPaperSource(figure)}`);
  printRows(figure, measuredOf(run), '  ');
}

/** After the seeds' summary table: the rows and verdict on the means, then each seed's key figures. */
export function printAfterPaperSummary(runs: readonly Run[]): void {
  const figure = afterPaperFigure(runs[0]!);
  if (!figure) return;
  console.log(`${figure.cite}, mean over the seeds:`);
  printRows(figure, meanMeasured(runs), '  ');
}

/** Extra JSON for the after-paper presets: the measurement the rows and verdict are read from. */
export function afterPaperJson(run: Run): Record<string, unknown> {
  const figure = afterPaperFigure(run);
  if (!figure) return {};
  const m = measuredOf(run);
  return { afterPaper: { claim: figure.cite, ...m, verdict: afterPaperVerdict(figure, m) } };
}
