/** `npm run soak`'s output: one line a minute, the verdicts at the end, or one JSON object. Pure. */
import { summarizeTrend, TREND_RULE, type TrendSummary } from '../core/soak-trend';

/** One minute's sample, taken idle (after Reset and a forced garbage collection in the page and the worker). */
export interface SoakSample {
  /** The minute it stands for (0: after the app loaded, before any run). */
  minute: number;
  /** When it was taken, in minutes since the soak began (after the run in progress at `minute` finished). */
  atMinutes: number;
  /** Runs finished so far, and runs that failed (an error, or no end within the time allowed). */
  runs: number;
  failedRuns: number;
  pageHeapBytes: number;
  workerHeapBytes: number;
  numTensors: number;
  numBytes: number;
  backend: string | null;
  backendBytes: number | null;
  backendBytesKind: string | null;
  /** The highest values polled (every few seconds, no forced collection) while training since the previous sample. */
  peak: { numTensors: number; numBytes: number; workerHeapBytes: number; pageHeapBytes: number };
}

export interface SoakMeta {
  command: string;
  date: string;
  minutes: number;
  presets: string[];
  browser: string;
  cores: number;
  /** How the worker's TF.js figures were read: its 'memory' message, or (a worker without it) TF.js's engine global through the DevTools protocol. */
  tfSource: string;
}

type SeriesKey = 'pageHeapBytes' | 'workerHeapBytes' | 'numTensors' | 'numBytes' | 'backendBytes';

export const SOAK_SERIES: readonly { key: SeriesKey; label: string; bytes: boolean; floor: number }[] = [
  { key: 'pageHeapBytes', label: 'page JS heap', bytes: true, floor: 1e6 },
  { key: 'workerHeapBytes', label: 'worker JS heap', bytes: true, floor: 1e6 },
  { key: 'numTensors', label: 'tensors', bytes: false, floor: 10 },
  { key: 'numBytes', label: 'tensor bytes', bytes: true, floor: 1e6 },
  { key: 'backendBytes', label: 'backend memory', bytes: true, floor: 1e6 },
];

export const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const figure = (value: number | null, bytes: boolean) => (value === null ? '—' : bytes ? megabytes(value) : String(Math.round(value)));

export function sampleLine(s: SoakSample): string {
  return [
    `minute ${String(s.minute).padStart(2)}`,
    `runs ${String(s.runs).padStart(3)}${s.failedRuns > 0 ? ` (${s.failedRuns} failed)` : ''}`,
    `page heap ${megabytes(s.pageHeapBytes)}`,
    `worker heap ${megabytes(s.workerHeapBytes)}`,
    `tensors ${s.numTensors}`,
    `tensor bytes ${megabytes(s.numBytes)}`,
    `${s.backendBytesKind ?? 'backend memory'} ${figure(s.backendBytes, true)}`,
    `backend ${s.backend ?? '—'}`,
    `peak while training: ${s.peak.numTensors} tensors, ${megabytes(s.peak.numBytes)}, worker heap ${megabytes(s.peak.workerHeapBytes)}`,
  ].join(' · ');
}

export interface SeriesVerdict extends TrendSummary {
  series: string;
  unit: 'bytes' | 'count';
}

export function soakVerdicts(samples: readonly SoakSample[]): SeriesVerdict[] {
  return SOAK_SERIES.map(({ key, label, bytes, floor }) => {
    const points = samples.flatMap((s) => (s[key] === null ? [] : [{ minute: s.atMinutes, value: s[key] }]));
    return { series: label, unit: bytes ? 'bytes' : 'count', ...summarizeTrend(points, floor) };
  });
}

export function verdictTable(verdicts: readonly SeriesVerdict[]): string {
  const rows = verdicts.map((v) => {
    const bytes = v.unit === 'bytes';
    const slope = v.slopePerMinute === null ? '—' : bytes ? `${(v.slopePerMinute / 1e3).toFixed(1)} kB/min` : `${v.slopePerMinute.toFixed(2)}/min`;
    return `| ${v.series} | ${figure(v.first, bytes)} | ${figure(v.lastThirdMedian, bytes)} | ${figure(v.max, bytes)} | ${slope} | ${figure(v.rise, bytes)} / ${figure(v.threshold, bytes)} | ${v.verdict} |`;
  });
  return ['| series | minute 1 | last-third median | max | slope, last two thirds | rise / limit | verdict |', '|---|---:|---:|---:|---:|---:|---|', ...rows].join('\n');
}

/** The whole report as text: what ran, the minute lines were printed as they came; here the verdicts and the rule. */
export function soakReport(meta: SoakMeta, samples: readonly SoakSample[]): string {
  const last = samples.at(-1);
  return [
    `soak: ${meta.command} · ${meta.date} · ${meta.browser}, ${meta.cores} cores · backend ${last?.backend ?? '—'} · TF.js figures from ${meta.tfSource}`,
    `${last?.runs ?? 0} runs finished${last && last.failedRuns > 0 ? `, ${last.failedRuns} failed` : ''} in ${meta.minutes} minutes; presets in turn: ${meta.presets.join(', ')}`,
    '',
    verdictTable(soakVerdicts(samples)),
    '',
    `Rule: ${TREND_RULE}. Samples are taken idle, after Reset and a forced garbage collection.`,
  ].join('\n');
}

export function soakJson(meta: SoakMeta, samples: readonly SoakSample[]): object {
  return { ...meta, rule: TREND_RULE, samples, verdicts: soakVerdicts(samples) };
}
