/** How `npm run experiment` prints a run: the JSON object and the readable table. */
import { mean } from '../core/metrics';
import { HARD, SOFT, sweepStudentId, type ModelMetrics } from '../core/roster';
import { SWEEP_TEMPERATURES, type Settings } from '../core/settings';
import { PAPER_KEPT_SEVENS_EIGHTS, joinClasses } from '../core/class-metrics';
import type { KeptClassesResult, PresetReport } from '../engine/preset-report';
import type { RunResult } from '../engine/run-to-end';
import { afterPaperJson, printAfterPaper, printAfterPaperSummary } from './after-paper-format';

export interface ExperimentRecord {
  preset: string;
  title: string;
  seed: number;
  backend: string;
  settings: Settings;
  /** Where the teacher came from, in words (describeTeacherOrigin). */
  teacherOrigin: string;
  /** Where a label-smoothed teacher's unsmoothed twin came from, in words. */
  twinOrigin?: string;
  result: RunResult<PresetReport>;
}

const accuracies = (m: ModelMetrics) => ({ trainAcc: m.trainAcc, testAcc: m.testAcc });

/** The compared pair, or in a sweep the normal student's hard run and its run at the preset's T (else the highest T). */
function pair(record: ExperimentRecord): { hard: ModelMetrics; soft: ModelMetrics } {
  const s = record.result.students;
  if (record.settings.mode === 'sweep') {
    const soft = s[sweepStudentId('normal', record.settings.temperature)] ?? s[sweepStudentId('normal', SWEEP_TEMPERATURES.at(-1)!)]!;
    return { hard: s[sweepStudentId('normal', 'hard')]!, soft };
  }
  return { hard: s[HARD]!, soft: s[SOFT]! };
}

export function experimentJson(record: ExperimentRecord): Record<string, unknown> {
  const { result } = record;
  const { hard, soft } = pair(record);
  const extra = result.extra;
  const json: Record<string, unknown> = {
    preset: record.preset,
    seed: record.seed,
    backend: record.backend,
    teacherOrigin: record.teacherOrigin,
    ...(record.twinOrigin ? { twinOrigin: record.twinOrigin } : {}),
    seconds: Number(result.seconds.toFixed(2)),
    teacher: accuracies(result.teacher),
    hard: { ...accuracies(hard), ...(extra.omitted ? { omittedAcc: extra.omitted.hard.omittedAcc } : {}) },
    soft: { ...accuracies(soft), ...(extra.omitted ? { omittedAcc: extra.omitted.soft.omittedAcc, omittedAccShifted: extra.omitted.soft.omittedAccShifted, biasShift: extra.omitted.soft.biasShift, testAccShifted: extra.omitted.soft.testAccShifted } : {}) },
  };
  if (extra.testErrors) json.testErrors = extra.testErrors;
  if (extra.omitted) {
    json.omitted = extra.omitted.omitted;
    json.sawEveryClass = extra.omitted.sawEveryClass;
  }
  if (extra.kept) {
    const control = (r: KeptClassesResult) => ({ testError: r.testError, biasShift: r.biasShift, testErrorShifted: r.testErrorShifted });
    json.kept = extra.kept.kept;
    Object.assign(json.hard as object, control(extra.kept.hard));
    Object.assign(json.soft as object, control(extra.kept.soft));
  }
  if (extra.sweep) {
    json.sweep = extra.sweep.normal;
    json.sweepTiny = extra.sweep.tiny;
    json.sweepHard = extra.sweep.hard;
  }
  if (extra.darkMatrix && record.preset === 'dark-matrix') json.darkMatrix = extra.darkMatrix.map((row) => row.map((p) => Number(p.toFixed(4))));
  return { ...json, ...afterPaperJson(record) };
}

const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
const signed = (value: number, digits = 2) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(digits)}`;
const row = (name: string, m: ModelMetrics) =>
  `  ${name.padEnd(14)} train ${percent(m.trainAcc).padStart(6)}  test ${percent(m.testAcc).padStart(6)}  gap ${(100 * (m.trainAcc - m.testAcc)).toFixed(1).padStart(5)} pts`;

export function printRun(record: ExperimentRecord): void {
  const { result } = record;
  const { hard, soft } = pair(record);
  const extra = result.extra;
  console.log(`${record.title} · seed ${record.seed} · ${record.backend} · ${result.seconds.toFixed(1)} s`);
  console.log(`${row('teacher', result.teacher)}  (${record.teacherOrigin})`);
  if (record.twinOrigin && extra.smoothing) console.log(`  ${'unsmoothed'.padEnd(14)} ${' '.repeat(12)}  test ${percent(extra.smoothing.twinTestAcc).padStart(6)}  (its twin: ${record.twinOrigin})`);
  console.log(row('hard student', hard));
  console.log(row('soft student', soft));
  if (extra.testErrors && record.settings.mode === 'compare') {
    const e = extra.testErrors;
    // With only some classes kept, or one left out, the hard student cannot answer the classes it never saw: the
    // teacher–hard gap is those classes, not what the paper's share measures. No share.
    console.log(`  test errors: teacher ${e.teacher}, hard ${e.hard}, soft ${e.soft}${extra.kept || extra.omitted ? '' : `; soft recovers ${percent(e.recoveredShare)} of the teacher–hard gap`}`);
  }
  if (extra.omitted) {
    const o = extra.omitted;
    console.log(`  omitted class ${o.omitted}: hard ${percent(o.hard.omittedAcc)}, soft ${percent(o.soft.omittedAcc)}, soft after bias shift ${o.soft.biasShift} → ${percent(o.soft.omittedAccShifted)} (overall ${percent(o.soft.testAccShifted)}, ${Math.round((1 - o.soft.testAccShifted) * extra.testCount)} test errors; a soft student that saw every class: ${percent(o.sawEveryClass.testAcc)})`);
  }
  if (extra.kept) {
    const k = extra.kept;
    const names = joinClasses(k.kept);
    const control = (r: KeptClassesResult) => `${percent(r.testError)} → ${percent(r.testErrorShifted)} (shift ${signed(r.biasShift)})`;
    const paper = PAPER_KEPT_SEVENS_EIGHTS;
    console.log(`  only ${names} kept; test error before → after one shift of the ${names} biases, chosen on the training split:`);
    console.log(`    hard ${control(k.hard)}; soft ${control(k.soft)}; paper's soft student ${percent(paper.testError)} → ${percent(paper.testErrorShifted)} (shift ${signed(paper.biasShift, 1)})`);
    console.log(`    soft student's test accuracy per class after the shift: ${k.soft.perClassShifted.map((a, c) => `${c} ${percent(a)}`).join(' · ')}`);
  }
  if (extra.sweep) {
    const line = (points: { T: number; testAcc: number }[]) => points.map((p) => `T=${p.T}: ${percent(p.testAcc)}`).join('  ');
    console.log(`  normal: ${line(extra.sweep.normal)}  (hard ${percent(extra.sweep.hard.normal)})`);
    console.log(`  tiny:   ${line(extra.sweep.tiny)}  (hard ${percent(extra.sweep.hard.tiny)})`);
  }
  if (extra.darkMatrix && record.preset === 'dark-matrix') {
    console.log(`  teacher's mean probabilities at T = ${record.settings.temperature} (rows: true class):`);
    for (const [k, probs] of extra.darkMatrix.entries()) console.log(`   ${k}: ${probs.map((p) => p.toFixed(3)).join(' ')}`);
  }
  printAfterPaper(record);
}

export function printSummary(records: ExperimentRecord[]): void {
  const avg = (pick: (r: ExperimentRecord) => number) => mean(records.map(pick));
  console.log(`\n${records[0]!.title} — mean over seeds ${records.map((r) => r.seed).join(', ')}:`);
  console.log('| model | train acc | test acc | gap (pts) |');
  console.log('|---|---|---|---|');
  const models: [string, (r: ExperimentRecord) => ModelMetrics][] = [
    ['teacher', (r) => r.result.teacher],
    ['hard student', (r) => pair(r).hard],
    ['soft student', (r) => pair(r).soft],
  ];
  for (const [label, pick] of models) {
    const train = avg((r) => pick(r).trainAcc);
    const test = avg((r) => pick(r).testAcc);
    console.log(`| ${label} | ${percent(train)} | ${percent(test)} | ${(100 * (train - test)).toFixed(1)} |`);
  }
  const first = records[0]!.result.extra;
  if (first.testErrors && records[0]!.settings.mode === 'compare' && !first.kept && !first.omitted) {
    const e = (pick: (x: NonNullable<PresetReport['testErrors']>) => number) => avg((r) => pick(r.result.extra.testErrors!));
    console.log(`Test errors (mean): teacher ${e((x) => x.teacher).toFixed(1)}, hard ${e((x) => x.hard).toFixed(1)}, soft ${e((x) => x.soft).toFixed(1)}; recovered share ${percent(e((x) => x.recoveredShare))} (of mean errors: ${percent((e((x) => x.hard) - e((x) => x.soft)) / (e((x) => x.hard) - e((x) => x.teacher)))})`);
  }
  if (first.omitted) {
    const o = (pick: (x: NonNullable<PresetReport['omitted']>) => number) => percent(avg((r) => pick(r.result.extra.omitted!)));
    console.log(`Omitted class (mean): hard ${o((x) => x.hard.omittedAcc)}, soft ${o((x) => x.soft.omittedAcc)}, soft shifted ${o((x) => x.soft.omittedAccShifted)}; overall shifted ${o((x) => x.soft.testAccShifted)} vs saw-every-class ${o((x) => x.sawEveryClass.testAcc)}`);
  }
  if (first.kept) {
    const k = (pick: (x: NonNullable<PresetReport['kept']>) => number) => avg((r) => pick(r.result.extra.kept!));
    const control = (student: 'hard' | 'soft') => `${percent(k((x) => x[student].testError))} → ${percent(k((x) => x[student].testErrorShifted))} (shift ${signed(k((x) => x[student].biasShift))})`;
    const paper = PAPER_KEPT_SEVENS_EIGHTS;
    console.log(`Only ${joinClasses(first.kept.kept)} kept (mean test error before → after the shift): hard ${control('hard')}; soft ${control('soft')}; paper ${percent(paper.testError)} → ${percent(paper.testErrorShifted)} (shift ${signed(paper.biasShift, 1)})`);
  }
  if (first.sweep) {
    for (const size of ['normal', 'tiny'] as const) {
      const curve = first.sweep[size].map((p, i) => `T=${p.T}: ${percent(avg((r) => r.result.extra.sweep![size][i]!.testAcc))}`).join('  ');
      console.log(`Sweep ${size} (mean test): ${curve}`);
    }
  }
  printAfterPaperSummary(records);
}
