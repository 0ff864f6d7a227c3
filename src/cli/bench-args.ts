/** Flags of `npm run bench`, parsed without side effects (bad input: one line of text, exit code 2). */
import { findPreset } from '../core/presets';
import { DEFAULT_BENCH_PRESETS, type BenchOptions } from '../engine/bench-models';

export interface BenchCliOptions extends BenchOptions {
  json: boolean;
  browser: boolean;
  /** Drive the built app as a user would (timings and main-thread smoothness); see bench-ui.ts. */
  ui: boolean;
  /** How soon Pause acts, on small to the largest allowed students (bench-pause.ts). */
  pause: boolean;
  help: boolean;
}

export type BenchParseResult = { ok: true; options: BenchCliOptions } | { ok: false; error: string };

export const NODE_BENCH_BACKENDS = ['wasm', 'cpu'];
/** Node can also run WebGPU when asked by name, through the optional `webgpu` package (Dawn). */
const NODE_OPTIONAL_BACKENDS = ['webgpu'];
export const BROWSER_BENCH_BACKENDS = ['wasm', 'webgl', 'webgpu'];
const KNOWN_BACKENDS = ['wasm', 'cpu', 'webgl', 'webgpu'];

export const BENCH_USAGE = `Usage: npm run bench -- [--json] [--browser] [--ui] [--pause] [--backends a,b] [--budget-ms N] [--repeat N] [--software-budget-ms N]
                        [--no-presets | --presets a,b] [--preset-repeat N] [--preset-backends a,b] [--no-models] [--no-forms]
  Node backends: wasm, cpu (default both), webgpu (needs the optional npm package \`webgpu\`, Dawn). --browser: the built app (npm run build) in headless Chromium,
  backends wasm, webgl, webgpu (default), cpu. Throughput rows are medians of --repeat runs (default 3) of
  --budget-ms each (default 1500); a software GPU adapter gets --software-budget-ms (default 300), once.
  Presets (default ${DEFAULT_BENCH_PRESETS.join(', ')}) are timed on --preset-backends (default wasm).
  --ui: the built app driven in headless Chromium: each preset (--presets) from Train to its final numbers,
  main-thread frame p95 and long tasks while it trains, and the Temperature slider's repaint time.
  --pause: how soon Pause acts (Node, wasm, the worker's controller) on students up to the largest the size limit allows;
  --repeat pauses per model (default 3; 5 recommended).`;

const COUNT_FLAGS = { '--budget-ms': 'budgetMs', '--repeat': 'repeat', '--preset-repeat': 'presetRepeat', '--software-budget-ms': 'softwareBudgetMs' } as const;
const LIST_FLAGS = ['--backends', '--presets', '--preset-backends'];

export function parseBenchArgs(argv: readonly string[]): BenchParseResult {
  let backends: string[] | null = null;
  let presetBackends: string[] | null = null;
  const options: BenchCliOptions = {
    json: false,
    browser: false,
    ui: false,
    pause: false,
    help: false,
    backends: [],
    budgetMs: 1500,
    repeat: 3,
    softwareBudgetMs: 300,
    presets: DEFAULT_BENCH_PRESETS,
    presetBackends: [],
    presetRepeat: 1,
    models: true,
    forms: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--json') { options.json = true; continue; }
    if (flag === '--browser') { options.browser = true; continue; }
    if (flag === '--ui') { options.ui = true; continue; }
    if (flag === '--pause') { options.pause = true; continue; }
    if (flag === '--no-presets') { options.presets = []; continue; }
    if (flag === '--no-forms') { options.forms = false; continue; }
    if (flag === '--no-models') { options.models = false; continue; }
    if (flag === '--help' || flag === '-h') { options.help = true; continue; }
    if (!(flag in COUNT_FLAGS) && !LIST_FLAGS.includes(flag)) return { ok: false, error: `Unknown flag “${flag}”. Run with --help for the flags.` };
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) return { ok: false, error: `${flag} needs a value.` };
    if (flag in COUNT_FLAGS) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) return { ok: false, error: `${flag} must be a whole number from 1, not “${value}”.` };
      options[COUNT_FLAGS[flag as keyof typeof COUNT_FLAGS]] = n;
      continue;
    }
    const list = value.split(',').map((part) => part.trim()).filter((part) => part !== '');
    if (flag === '--presets') {
      const unknown = list.filter((name) => !findPreset(name));
      if (unknown.length > 0) return { ok: false, error: `Unknown preset${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `“${n}”`).join(', ')}.` };
      options.presets = list;
      continue;
    }
    const unknown = list.filter((name) => !KNOWN_BACKENDS.includes(name));
    if (unknown.length > 0 || list.length === 0) return { ok: false, error: `${flag} takes backends from ${KNOWN_BACKENDS.join(', ')}; got “${value}”.` };
    if (flag === '--backends') backends = list;
    else presetBackends = list;
  }
  const allowed = options.browser ? KNOWN_BACKENDS : [...NODE_BENCH_BACKENDS, ...NODE_OPTIONAL_BACKENDS];
  options.backends = backends ?? (options.browser ? BROWSER_BENCH_BACKENDS : NODE_BENCH_BACKENDS);
  const notHere = options.backends.filter((b) => !allowed.includes(b));
  if (notHere.length > 0) return { ok: false, error: `${notHere.join(', ')} ${notHere.length > 1 ? 'run' : 'runs'} only in the browser (add --browser).` };
  // Presets on wasm by default (the fastest here), else on the first backend measured.
  options.presetBackends = presetBackends ?? [options.backends.includes('wasm') ? 'wasm' : options.backends[0]!];
  return { ok: true, options };
}

/** The options the suite needs (what crosses to the browser worker). */
export function suiteOptions(options: BenchCliOptions): BenchOptions {
  const { backends, budgetMs, repeat, softwareBudgetMs, presets, presetBackends, presetRepeat, models, forms } = options;
  return { backends, budgetMs, repeat, softwareBudgetMs, presets, presetBackends, presetRepeat, models, forms };
}
