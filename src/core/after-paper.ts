/**
 * What came after the paper: three later findings, each with its published
 * claim, the rows that set our measurement beside it, and a verdict that says
 * whether this run shows the effect — with the figures either way. Used by
 * published.ts (the "Against the paper" panel) and the command line. Pure.
 */
import type { Fidelity } from './class-metrics';

export type AfterPaperFigure =
  /** Furlanello et al. 2018: a student parameterised like its teacher, trained on its outputs, beats it. */
  | { kind: 'born-again'; cite: string; source: string; claim: string; shortClaim: string; cifar10Error: number; cifar100Error: number }
  /** Müller, Kornblith & Hinton 2019: a teacher trained with label smoothing distils worse. */
  | { kind: 'label-smoothing'; cite: string; source: string; claim: string; shortClaim: string; epsilon: number }
  /** Stanton et al. 2021: students agree with their teachers less than expected, even when they could match them. */
  | { kind: 'fidelity'; cite: string; source: string; claim: string; shortClaim: string };

export const AFTER_PAPER = {
  bornAgain: {
    kind: 'born-again',
    cite: 'Furlanello et al. 2018',
    source: 'Furlanello, Lipton, Tschannen, Itti & Anandkumar, “Born-Again Neural Networks”, ICML 2018',
    claim: 'Students parameterised identically to their teachers and trained on their outputs outperform them significantly (DenseNets on CIFAR-10 and CIFAR-100, and language models).',
    shortClaim: 'a student the size of its teacher beats it',
    cifar10Error: 0.035,
    cifar100Error: 0.155,
  },
  labelSmoothing: {
    kind: 'label-smoothing',
    cite: 'Müller, Kornblith & Hinton 2019',
    source: 'Müller, Kornblith & Hinton, “When Does Label Smoothing Help?”, NeurIPS 2019',
    claim: 'If a teacher is trained with label smoothing, distillation into a student is much less effective: smoothing pulls each class into a tight cluster and erases the information about resemblances between classes that distillation needs.',
    shortClaim: 'a label-smoothed teacher distils worse',
    epsilon: 0.1,
  },
  fidelity: {
    kind: 'fidelity',
    cite: 'Stanton et al. 2021',
    source: 'Stanton, Izmailov, Kirichenko, Alemi & Wilson, “Does Knowledge Distillation Really Work?”, NeurIPS 2021',
    claim: 'Students often agree with their teachers far less than one would expect — even when they could match them exactly; fidelity to the teacher and accuracy are different things.',
    shortClaim: 'students agree with their teachers less than expected',
  },
} as const satisfies Record<string, AfterPaperFigure>;

/** One line of the table; null where this run has no value yet. */
export interface AfterPaperRow {
  id: string;
  label: string;
  here: string | null;
  paper: string;
}

/** What a run measured for these figures; any may be missing while it trains. */
export interface AfterPaperMeasured {
  testCount: number;
  teacherTestAcc?: number;
  hard?: { testAcc: number };
  soft?: { testAcc: number };
  /** Label smoothing: the unsmoothed twin teacher and the soft student it taught. */
  twinTestAcc?: number;
  softUnsmoothed?: { testAcc: number };
  /** Label smoothing: mean entropy (bits) of each teacher's doubt over the wrong classes at T, and its most. */
  wrongClassEntropy?: { teacher: number; twin: number; max: number; temperature: number };
  /** Fidelity: each student of the normal size, by its T ('hard' for hard labels), on the test and transfer sets. */
  fidelity?: { T: number | 'hard'; test: Fidelity; transfer: Fidelity }[];
}

const pct = (value: number) => `${(100 * value).toFixed(1)}%`;
const signed = (value: number) => `${value < 0 ? '−' : '+'}${Math.abs(value)}`;

function errorCounts(m: AfterPaperMeasured) {
  const errors = (acc: number | undefined) => (acc === undefined ? null : Math.round((1 - acc) * m.testCount));
  return { teacher: errors(m.teacherTestAcc), hard: errors(m.hard?.testAcc), soft: errors(m.soft?.testAcc), twin: errors(m.twinTestAcc), softUnsmoothed: errors(m.softUnsmoothed?.testAcc) };
}

const text = (value: number | null) => (value === null ? null : String(value));

export function afterPaperRows(figure: AfterPaperFigure, m: AfterPaperMeasured): AfterPaperRow[] {
  const e = errorCounts(m);
  switch (figure.kind) {
    case 'born-again':
      return [
        { id: 'teacher-errors', label: 'Teacher: test errors', here: text(e.teacher), paper: '—' },
        { id: 'born-again-errors', label: 'Born-again student (same size, on its teacher’s soft targets): test errors', here: text(e.soft), paper: 'fewer than its teacher' },
        { id: 'hard-errors', label: 'Hard-label student (same size, on the labels): test errors', here: text(e.hard), paper: '—' },
        {
          id: 'born-again-gain',
          label: 'Born-again student against its teacher',
          here: e.soft === null || e.teacher === null ? null : `${signed(e.soft - e.teacher)} errors`,
          paper: `better (BAN DenseNets: ${pct(figure.cifar10Error)} error on CIFAR-10, ${pct(figure.cifar100Error)} on CIFAR-100)`,
        },
      ];
    case 'label-smoothing': {
      const h = m.wrongClassEntropy;
      return [
        { id: 'smoothed-teacher', label: `Teacher trained with label smoothing (ε = ${figure.epsilon}): test errors`, here: text(e.teacher), paper: '—' },
        { id: 'unsmoothed-teacher', label: 'The same teacher without smoothing: test errors', here: text(e.twin), paper: '—' },
        { id: 'student-smoothed', label: 'Soft student of the smoothed teacher: test errors', here: text(e.soft), paper: 'more than the other soft student' },
        { id: 'student-unsmoothed', label: 'Soft student of the unsmoothed teacher: test errors', here: text(e.softUnsmoothed), paper: '—' },
        { id: 'hard-student', label: 'Hard-label student: test errors', here: text(e.hard), paper: '—' },
        {
          id: 'doubt',
          label: `How evenly each teacher spreads its doubt over the wrong classes at T = ${h?.temperature ?? '…'} (entropy; ${h ? h.max.toFixed(2) : '…'} bits says nothing)`,
          here: h ? `smoothed ${h.teacher.toFixed(2)} · unsmoothed ${h.twin.toFixed(2)} bits` : null,
          paper: 'smoothed: closer to even (resemblances erased)',
        },
      ];
    }
    case 'fidelity': {
      const rows: AfterPaperRow[] = [{ id: 'teacher-accuracy', label: 'Teacher: test accuracy', here: m.teacherTestAcc === undefined ? null : pct(m.teacherTestAcc), paper: '—' }];
      for (const f of m.fidelity ?? []) {
        rows.push({
          id: `agreement-${f.T === 'hard' ? 'hard' : `T${f.T}`}`,
          label: f.T === 'hard' ? 'Hard-label student agrees with the teacher on' : `Soft student, T = ${f.T}, agrees with the teacher on`,
          here: `${pct(f.test.agreement)} of test digits (its accuracy ${pct(f.test.studentAcc)} allows ${pct(f.test.ceiling)}) · ${pct(f.transfer.agreement)} of its training digits`,
          paper: f.T === 'hard' ? '—' : 'less than its accuracy allows',
        });
      }
      return rows;
    }
  }
}

/** Excess disagreement: how much more often the student disagrees with the teacher than their accuracies force (≥ 0). */
export const excessDisagreement = (f: Fidelity): number => f.ceiling - f.agreement;

/** One or two sentences: does this run show the published effect? Null until the figures it needs exist. */
export function afterPaperVerdict(figure: AfterPaperFigure, m: AfterPaperMeasured): string | null {
  const e = errorCounts(m);
  switch (figure.kind) {
    case 'born-again': {
      if (e.teacher === null || e.soft === null || e.hard === null) return null;
      // The hard-label student of the same size is the control: a fresh start on the labels alone (in the preset, the
      // teacher's own recipe). Beating the teacher counts only where the soft targets also beat that fresh start.
      const hard = `the hard-label student of the same size made ${e.hard} (${signed(e.hard - e.teacher)} against the teacher)`;
      if (e.soft >= e.teacher) return `Not shown here: the born-again student made ${e.soft} test errors, its teacher ${e.teacher}; ${hard}.`;
      if (e.soft >= e.hard) return `Not clearly shown here: the born-again student made ${e.teacher - e.soft} fewer test errors than its teacher (${e.soft} against ${e.teacher}), but ${hard}: a fresh start on the labels alone did as well, so the teacher's soft targets are not what beat it.`;
      return `Shown here: the born-again student made ${e.teacher - e.soft} fewer test errors than its teacher (${e.soft} against ${e.teacher}), and fewer than a fresh start on the labels alone: ${hard}.`;
    }
    case 'label-smoothing': {
      if (e.soft === null || e.softUnsmoothed === null) return null;
      const h = m.wrongClassEntropy;
      // The claim's two halves are read apart: the dark knowledge erased (the doubt's spread), and the student worse.
      const doubt = !h
        ? ''
        : h.teacher > h.twin
          ? ` The smoothed teacher does spread its doubt over the wrong classes more evenly (${h.teacher.toFixed(2)} against ${h.twin.toFixed(2)} bits; ${h.max.toFixed(2)} is perfectly even): that half of the claim holds.`
          : ` Nor does the smoothed teacher spread its doubt over the wrong classes more evenly (${h.teacher.toFixed(2)} against ${h.twin.toFixed(2)} bits).`;
      if (e.soft > e.softUnsmoothed) return `Shown here: the soft student of the smoothed teacher made ${e.soft - e.softUnsmoothed} more test errors than the same student taught by the unsmoothed teacher (${e.soft} against ${e.softUnsmoothed}).${doubt}`;
      return `Not shown here: the soft student of the smoothed teacher made ${e.soft} test errors, the one taught by the unsmoothed teacher ${e.softUnsmoothed}.${doubt}`;
    }
    case 'fidelity': {
      const soft = (m.fidelity ?? []).filter((f) => f.T !== 'hard');
      if (soft.length === 0) return null;
      const below = soft.filter((f) => excessDisagreement(f.test) > 0);
      const range = (values: number[]) => {
        const [lo, hi] = [Math.min(...values), Math.max(...values)];
        return lo.toFixed(1) === hi.toFixed(1) ? `${lo.toFixed(1)}` : `${lo.toFixed(1)}–${hi.toFixed(1)}`;
      };
      const excess = range(soft.map((f) => 100 * excessDisagreement(f.test)));
      const gap = range(soft.map((f) => 100 * (1 - f.test.ceiling)));
      const transfer = range(soft.map((f) => 100 * f.transfer.agreement));
      const onTransfer = ` On the training digits they were fitted to the teacher on, they agree with it on ${transfer}% of them.`;
      if (below.length === soft.length) return `Shown here: at every T the soft students agree with the teacher on fewer test digits than their accuracies allow, by ${excess} points (the other ${gap} points of disagreement are their lower accuracy).${onTransfer}`;
      if (below.length === 0) return `Not shown here: at every T the soft students agree with the teacher as often as their accuracies allow.${onTransfer}`;
      return `Partly shown here: ${below.length} of ${soft.length} soft students agree with the teacher on fewer test digits than their accuracies allow (by up to ${excess} points).${onTransfer}`;
    }
  }
}

/** One line naming where the claim comes from, for under the table. */
export function afterPaperSource(figure: AfterPaperFigure): string {
  return `${figure.source}: ${figure.claim}`;
}

/** The claim in one short line for a projector, where the full source and claim would be cut: "Stanton et al. 2021: …". */
export function afterPaperShortSource(figure: AfterPaperFigure): string {
  return `${figure.cite}: ${figure.shortClaim}.`;
}
