/**
 * Flags of `npm run experiment`, parsed without side effects so bad input can
 * be tested: every problem becomes one line of text (the command exits 2).
 */
import { findPreset, PRESETS, DEFAULT_PRESET } from '../core/presets';
import { DATASET_NAMES, isDatasetName, parseKeptClasses, parseNumericField, type NumericField, type Settings } from '../core/settings';
import { parseUrlState } from '../core/url-state';

export interface ExperimentOptions {
  /** One or more preset names; presets run in one process share trained teachers. */
  presets: string[];
  seeds: number[];
  overrides: Partial<Settings>;
  json: boolean;
  backend: 'wasm' | 'cpu' | 'webgpu';
  /** Train the teacher in this process even where a shipped one exists. */
  trainTeacher: boolean;
  /** Score on the last 10,000 training digits instead of the test set (for choosing settings); trains the teacher. */
  validation: boolean;
  /** A line on stderr at most every 10 s while a run goes (also without the flag when stderr is a terminal). */
  progress: boolean;
  list: boolean;
  help: boolean;
}

export type ParseResult = { ok: true; options: ExperimentOptions } | { ok: false; error: string };

/** Flags that set one numeric setting, by flag name. */
const NUMERIC_FLAGS: Record<string, NumericField> = {
  '--T': 'temperature',
  '--temperature': 'temperature',
  '--alpha': 'alpha',
  '--fraction': 'studentFraction',
  '--lr': 'learningRate',
  '--student-lr': 'studentLearningRate',
  '--epochs': 'studentEpochs',
  '--teacher-epochs': 'teacherEpochs',
  '--omit': 'omittedClass',
  '--smoothing': 'teacherLabelSmoothing',
  '--anneal': 'teacherAnneal',
  '--student-anneal': 'studentAnneal',
};

export const USAGE = `Usage: npm run experiment -- [--preset NAME[,NAME…]] [--seed N | --seeds A-B] [--T X] [--alpha X] [--fraction X]
                             [--lr X] [--student-lr X] [--epochs N] [--teacher-epochs N] [--smoothing ε] [--anneal 0|1] [--student-anneal 0|1] [--omit CLASS] [--keep A,B] [--dataset NAME] [--points CODE]
                             [--link URL] [--backend wasm|cpu|webgpu] [--train-teacher] [--validation] [--json] [--progress] [--list]
  Digit presets use the teachers shipped in datasets/teachers/ (npm run teachers) unless --train-teacher; a teacher
  serves every seed of a run (it is trained once, with the first seed). --validation scores on the last 10,000
  training digits (held out from training) instead of the test set, to choose settings without the test set.
  --keep 7,8 trains the students on those classes' examples only (--keep "" on every class). --smoothing 0.1 trains
  the teacher on label-smoothed targets (and its unsmoothed twin beside it, for comparison). --anneal 1 lowers the
  teacher's learning rate by a cosine towards 0 over its epochs (0: constant). --student-lr X gives every student its
  own learning rate (0, the default: --lr's; the teacher keeps --lr); --student-anneal 1 lowers every student's the
  same way over the students' epochs. --link runs what a link of the app (Copy link) holds: its preset and every setting in it, your own points included (flags after it
  change it further); --points takes the value of a link's points= alone. --progress: a line on stderr at most every
  10 s while a run goes (the epoch reached; on by itself when stderr is a terminal).
Presets: ${PRESETS.map((p) => p.name).join(', ')} (default ${DEFAULT_PRESET}).`;

function parseSeeds(text: string): number[] | null {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (to < from || to - from > 99) return null;
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  const list = text.split(',').map((part) => parseNumericField('seed', part));
  return list.every((r) => r.ok) ? list.map((r) => (r as { value: number }).value) : null;
}

export function parseExperimentArgs(argv: readonly string[]): ParseResult {
  const options: ExperimentOptions = { presets: [DEFAULT_PRESET], seeds: [1], overrides: {}, json: false, backend: 'wasm', trainTeacher: false, validation: false, progress: false, list: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--json') { options.json = true; continue; }
    if (flag === '--list') { options.list = true; continue; }
    if (flag === '--train-teacher') { options.trainTeacher = true; continue; }
    if (flag === '--progress') { options.progress = true; continue; }
    if (flag === '--validation') { options.validation = true; options.trainTeacher = true; continue; }
    if (flag === '--help' || flag === '-h') { options.help = true; continue; }
    const value = argv[i + 1];
    const needsValue = flag in NUMERIC_FLAGS || ['--preset', '--seed', '--seeds', '--backend', '--dataset', '--keep', '--points', '--link'].includes(flag);
    if (!needsValue) return { ok: false, error: `Unknown flag “${flag}”. Run with --help for the flags.` };
    if (value === undefined || value.startsWith('--')) return { ok: false, error: `${flag} needs a value.` };
    i++;
    if (flag === '--preset') {
      const names = value.split(',');
      const unknown = names.find((name) => !findPreset(name));
      if (unknown !== undefined) return { ok: false, error: `Unknown preset “${unknown}”. Known: ${PRESETS.map((p) => p.name).join(', ')}.` };
      options.presets = names;
    } else if (flag === '--seed') {
      const seed = parseNumericField('seed', value);
      if (!seed.ok) return { ok: false, error: seed.message };
      options.seeds = [seed.value];
    } else if (flag === '--seeds') {
      const seeds = parseSeeds(value);
      if (!seeds) return { ok: false, error: `--seeds takes a range like 1-5 or a list like 1,2,3; got “${value}”.` };
      options.seeds = seeds;
    } else if (flag === '--dataset') {
      if (!isDatasetName(value)) return { ok: false, error: `Unknown dataset “${value}”. Known: ${DATASET_NAMES.join(', ')}.` };
      options.overrides.dataset = value;
    } else if (flag === '--keep') {
      // Classes the dataset lacks, or kept classes beside an omitted class, are refused with the preset's settings.
      const kept = parseKeptClasses(value);
      if (!kept.ok) return { ok: false, error: `--keep: ${kept.message}` };
      options.overrides.keptClasses = kept.value;
    } else if (flag === '--points') {
      // Checked with the run's dataset, as a link's points are (the command exits 2 on bad ones).
      options.overrides.points = value;
    } else if (flag === '--link') {
      // The page's own link schema: what the page would run from this link, or the values it would ignore.
      // A whole address (as Copy link gives it) or just its ?… part.
      const address = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? URL.parse(value) : null;
      const { state, ignored } = parseUrlState(address ? address.search || address.hash : value);
      if (ignored.length > 0) return { ok: false, error: `--link: the app would ignore ${ignored.join('; ')}.` };
      options.presets = [state.preset];
      options.overrides = { ...state.settings };
      options.seeds = [state.settings.seed];
    } else if (flag === '--backend') {
      if (value !== 'wasm' && value !== 'cpu' && value !== 'webgpu') return { ok: false, error: `--backend must be wasm, cpu or webgpu (needs the optional package webgpu) in Node; got “${value}”.` };
      options.backend = value;
    } else {
      const field = NUMERIC_FLAGS[flag]!;
      const parsed = parseNumericField(field, value);
      if (!parsed.ok) return { ok: false, error: `${flag}: ${parsed.message}` };
      (options.overrides as Record<string, number>)[field] = parsed.value;
    }
  }
  return { ok: true, options };
}
