/** `npm run bench`'s output: the JSON record and the markdown tables (pure; tested). */
import { fastestForms, type AdamFormRow, type BenchResult, type FormRow, type ModelRow, type PresetRow, type ProductFormRow } from '../engine/bench-models';

/** The record `--json` prints: one object, numbers rounded to what a measurement can tell. */
export function benchJson(result: BenchResult): Record<string, unknown> {
  const round = (x: number, digits: number) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
  return {
    machine: result.machine,
    models: result.models.map((m) => ({
      backend: m.backend,
      role: m.role,
      sizes: m.sizes,
      batch: m.batch,
      students: m.students,
      examplesPerSecond: round(m.examplesPerSecond, 0),
      gflops: round(m.gflops, 3),
      matmulGflops: round(m.matmulGflops, 2),
      peakShare: round(m.peakShare, 4),
      baselineExamplesPerSecond: round(m.baselineExamplesPerSecond, 0),
      speedupOverBaseline: round(m.speedupOverBaseline, 2),
    })),
    presets: result.presets.map((p) => ({ ...p, secondsTeacherTrained: round(p.secondsTeacherTrained, 2), secondsTeacherReady: round(p.secondsTeacherReady, 2) })),
    forms: result.forms.map((f) => ({ ...f, examplesPerSecond: round(f.examplesPerSecond, 0) })),
    adamForms: result.adamForms.map((f) => ({ ...f, examplesPerSecond: round(f.examplesPerSecond, 0) })),
    productForms: result.productForms.map((f) => ({ ...f, examplesPerSecond: round(f.examplesPerSecond, 0) })),
    ...(result.skipped.length > 0 ? { skipped: result.skipped } : {}),
  };
}

export const formatCount = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en') : '–');
export const formatGflops = (x: number) => (!Number.isFinite(x) ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(1));
export const formatShare = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');
export const formatTimes = (x: number, digits = 1) => (Number.isFinite(x) ? `${x.toFixed(digits)}×` : '–');
export const formatSeconds = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

/** "teacher 196-256-256-10" or "2 students 196-64-64-10". */
export function modelLabel(row: Pick<ModelRow, 'role' | 'sizes' | 'students'>): string {
  return row.role === 'teacher' ? `teacher ${row.sizes}` : `${row.students} student${row.students === 1 ? '' : 's'} ${row.sizes}`;
}

/** Backends marked as software adapters in the machine record get a dagger. */
function backendLabel(result: BenchResult, backend: string): string {
  return String(result.machine[`${backend}Adapter`] ?? '').includes('software') ? `${backend}†` : backend;
}

export function modelTable(result: BenchResult): string[] {
  const lines = [
    '| backend | model | batch | examples / s | GFLOP/s | 1024² matMul GFLOP/s | share of matMul | Layers `fit` examples / s | speed-up |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const m of result.models) {
    lines.push(
      `| ${backendLabel(result, m.backend)} | ${modelLabel(m)} | ${m.batch} | ${formatCount(m.examplesPerSecond)} | ${formatGflops(m.gflops)} | ${formatGflops(m.matmulGflops)} | ${formatShare(m.peakShare)} | ${formatCount(m.baselineExamplesPerSecond)} | ${formatTimes(m.speedupOverBaseline)} |`,
    );
  }
  return lines;
}

const FORM_COLUMNS: Pick<FormRow, 'transposes' | 'stack'>[] = [
  { transposes: 'explicit', stack: 'split' },
  { transposes: 'explicit', stack: 'batched' },
  { transposes: 'fused', stack: 'split' },
  { transposes: 'fused', stack: 'batched' },
];

/** One line per backend and model, the four forms side by side, the fastest in bold. */
export function formTable(result: BenchResult): string[] {
  const lines = ['| backend | model | explicit / split | explicit / batched | fused / split | fused / batched | fastest |', '|---|---|---:|---:|---:|---:|---|'];
  const best = fastestForms(result.forms);
  const groups = new Map<string, FormRow[]>();
  for (const row of result.forms) {
    const key = `${row.backend}|${row.role}|${row.sizes}|${row.students}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const rows of groups.values()) {
    const first = rows[0]!;
    const winner = best.find((b) => b.backend === first.backend && b.role === first.role && b.sizes === first.sizes)!;
    const cells = FORM_COLUMNS.map((form) => {
      const row = rows.find((r) => r.transposes === form.transposes && r.stack === form.stack);
      if (!row) return '–';
      const text = formatCount(row.examplesPerSecond);
      return row.transposes === winner.transposes && row.stack === winner.stack ? `**${text}**` : text;
    });
    lines.push(`| ${backendLabel(result, first.backend)} | ${modelLabel(first)} | ${cells.join(' | ')} | ${winner.transposes} / ${winner.stack} |`);
  }
  return lines;
}

const ADAM_COLUMNS: AdamFormRow['adam'][] = ['joined', 'per-variable', 'kernel'];

/** One line per backend and model, the Adam forms side by side, the fastest in bold ('–': cannot run there). */
export function adamTable(rows: readonly AdamFormRow[], result: BenchResult): string[] {
  const lines = ['| backend | model | joined | per-variable | kernel | fastest |', '|---|---|---:|---:|---:|---|'];
  const groups = new Map<string, AdamFormRow[]>();
  for (const row of rows) {
    const key = `${row.backend}|${row.role}|${row.sizes}|${row.students}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    const runnable = group.filter((r) => Number.isFinite(r.examplesPerSecond));
    const best = runnable.reduce<AdamFormRow | null>((a, r) => (!a || r.examplesPerSecond > a.examplesPerSecond ? r : a), null);
    const cells = ADAM_COLUMNS.map((adam) => {
      const row = group.find((r) => r.adam === adam);
      if (!row) return '–';
      return row === best ? `**${formatCount(row.examplesPerSecond)}**` : formatCount(row.examplesPerSecond);
    });
    lines.push(`| ${backendLabel(result, group[0]!.backend)} | ${modelLabel(group[0]!)} | ${cells.join(' | ')} | ${best?.adam ?? '–'} |`);
  }
  return lines;
}

/** One line per backend and model: examples / s with the SIMD product and with TF.js's, and their ratio. */
export function productTable(rows: readonly ProductFormRow[], result: BenchResult): string[] {
  const lines = ['| backend | model | batch | SIMD product | TF.js product | ratio |', '|---|---|---:|---:|---:|---:|'];
  const groups = new Map<string, ProductFormRow[]>();
  for (const row of rows) {
    const key = `${row.backend}|${row.role}|${row.sizes}|${row.batch}|${row.students}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    const [simd, tf] = (['simd', 'tf'] as const).map((form) => group.find((r) => r.products === form)?.examplesPerSecond ?? Number.NaN);
    lines.push(`| ${backendLabel(result, group[0]!.backend)} | ${modelLabel(group[0]!)} | ${group[0]!.batch} | ${formatCount(simd!)} | ${formatCount(tf!)} | ${formatTimes(simd! / tf!, 2)} |`);
  }
  return lines;
}

export function presetTable(rows: readonly PresetRow[]): string[] {
  return [
    '| preset | backend | seconds, teacher trained | seconds, teacher already trained |',
    '|---|---|---:|---:|',
    ...rows.map((p) => `| ${p.preset} | ${p.backend} | ${formatSeconds(p.secondsTeacherTrained)} | ${formatSeconds(p.secondsTeacherReady)} |`),
  ];
}

/** The whole markdown report: the command, the machine, then the tables. */
export function benchMarkdown(result: BenchResult, command: string, notes: { budgetMs: number; repeat: number; softwareBudgetMs: number }): string {
  const machine = Object.entries(result.machine)
    .map(([key, value]) => `${key}: ${value}`)
    .join('; ');
  const runs = `medians of ${notes.repeat} run${notes.repeat === 1 ? '' : 's'} of ${notes.budgetMs} ms of Adam steps on random data`;
  const out = [`\`${command}\``, '', `Machine: ${machine}.`];
  if (result.models.length > 0) {
    out.push(
      `Throughput: ${runs}; a stack of students counts B examples a step per student, its GFLOP/s every student's (6 flops per weight per example). Layers \`fit\` = \`tf.sequential\` dense/ReLU/softmax, Adam, \`model.fit\` of the same sizes and batch (a stack: one fit per student).`,
      '',
      ...modelTable(result),
    );
  }
  if (result.forms.length > 0) out.push('', `Dense-layer forms (\`src/engine/dense.ts\`), examples / s, ${runs}. A teacher has no stack: its split and batched columns run the same code, a gauge of the noise.`, '', ...formTable(result));
  if (result.adamForms.length > 0) out.push('', `Adam forms (\`src/engine/adam.ts\`; the dense-layer forms as chosen for the backend), examples / s, ${runs}:`, '', ...adamTable(result.adamForms, result));
  if (result.productForms.length > 0) out.push('', `A training step's matrix products (\`denseProduct\`, \`src/engine/wasm-kernels.ts\`): the SIMD product where it wins, or TF.js's throughout; examples / s, ${runs}:`, '', ...productTable(result.productForms, result));
  if (result.presets.length > 0) out.push('', 'Presets, seed 1, from the first epoch to the final metrics (data loading excluded):', '', ...presetTable(result.presets));
  if (Object.values(result.machine).some((v) => String(v).includes('software'))) {
    const webgpu = String(result.machine.webgpuAdapter ?? '').includes('software') && [...result.models, ...result.forms].some((m) => m.backend === 'webgpu');
    out.push('', `† software adapter (SwiftShader, no GPU)${webgpu ? `; WebGPU on it: ${notes.softwareBudgetMs} ms a measurement, one run` : ''}.`);
  }
  for (const s of result.skipped) out.push('', `Skipped ${s.backend}: ${s.reason.replace(/\.$/, '')}.`);
  return out.join('\n');
}
