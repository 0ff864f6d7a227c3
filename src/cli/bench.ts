/**
 * `npm run bench`: the performance record. For each backend (Node: wasm, cpu;
 * `--browser`: the built app's worker in headless Chromium) and each model of
 * each preset: examples per second, achieved GFLOP/s, the backend's 1024²
 * matMul GFLOP/s from the same run and their ratio, a TF.js Layers `fit`
 * baseline and the speed-up over it; the four dense-layer forms; and the
 * presets' wall times with a fresh and with a cached teacher. Markdown tables,
 * or one JSON object with --json. Figures only, no pass/fail. Progress goes to stderr.
 */
import { BENCH_USAGE, parseBenchArgs, suiteOptions } from './bench-args';
import { benchJson, benchMarkdown } from './bench-format';

const parsed = parseBenchArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(`bench: ${parsed.error}`);
  process.exit(2);
}
const { options } = parsed;
if (options.help) {
  console.log(BENCH_USAGE);
  process.exit(0);
}

const log = (line: string) => console.error(line);
try {
  if (options.ui) {
    const { runUiBench, uiMarkdown } = await import('./bench-ui');
    const rows = await runUiBench(options.presets.length > 0 ? options.presets : ['low-data', 'paper-mnist'], log);
    console.log(options.json ? JSON.stringify({ ui: rows }) : `\n${uiMarkdown(rows)}`);
    process.exit(0);
  }
  if (options.pause) {
    const { runPauseBench, pauseMarkdown } = await import('./bench-pause');
    const rows = await runPauseBench(options.repeat, log);
    console.log(options.json ? JSON.stringify({ pause: rows }) : `\n${pauseMarkdown(rows)}`);
    process.exit(0);
  }
  const suite = suiteOptions(options);
  const result = options.browser
    ? await (await import('./bench-browser')).runBrowserBenchFromNode(suite, log)
    : await (await import('./bench-node')).runNodeBench(suite, log);
  if (options.json) console.log(JSON.stringify(benchJson(result)));
  else console.log(`\n${benchMarkdown(result, ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '), options)}`);
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
