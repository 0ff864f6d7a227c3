/**
 * `npm run experiment`: the simulator's experiments, headless, with the same
 * engine the browser worker uses. Prints a table, or one JSON object per run
 * with --json. Bad flags print one line and exit with code 2.
 */
import { loadDataset } from '../../datasets/index';
import { findPreset, PRESETS } from '../core/presets';
import { mean } from '../core/metrics';
import { useNodeBackend } from '../engine/node-backend';
import { runToEnd, type RunResult } from '../engine/run-to-end';
import { parseExperimentArgs, USAGE } from './args';

const parsed = parseExperimentArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(`experiment: ${parsed.error}`);
  process.exit(2);
}
const { options } = parsed;
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
if (options.list) {
  for (const preset of PRESETS) console.log(`${preset.name.padEnd(14)} ${preset.description}`);
  process.exit(0);
}

const preset = findPreset(options.preset)!;
const { backend, fallbackReason } = await useNodeBackend(options.backend);
if (fallbackReason && !options.json) console.error(`Using ${backend}: ${fallbackReason}`);

const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
const results: RunResult[] = [];
for (const seed of options.seeds) {
  const settings = { ...preset.settings, ...options.overrides, seed };
  let result: RunResult;
  try {
    result = await runToEnd(settings, loadDataset(settings.dataset, seed));
  } catch (error) {
    console.error(`experiment: ${(error as Error).message}`);
    process.exit(1);
  }
  results.push(result);
  if (options.json) {
    const accuracies = ({ trainAcc, testAcc }: { trainAcc: number; testAcc: number }) => ({ trainAcc, testAcc });
    console.log(
      JSON.stringify({
        preset: preset.name,
        seed,
        backend,
        seconds: Number(result.seconds.toFixed(2)),
        teacher: accuracies(result.teacher),
        hard: accuracies(result.hard),
        soft: accuracies(result.soft),
      }),
    );
  } else {
    const row = (name: string, m: { trainAcc: number; testAcc: number }) =>
      `  ${name.padEnd(13)} train ${percent(m.trainAcc).padStart(6)}  test ${percent(m.testAcc).padStart(6)}  gap ${(100 * (m.trainAcc - m.testAcc)).toFixed(1).padStart(5)} pts`;
    console.log(`${preset.title} · seed ${seed} · ${backend} · ${result.seconds.toFixed(1)} s`);
    console.log(row('teacher', result.teacher));
    console.log(row('hard student', result.hard));
    console.log(row('soft student', result.soft));
  }
}

if (!options.json && results.length > 1) {
  const avg = (pick: (r: RunResult) => number) => mean(results.map(pick));
  console.log(`\nMean over seeds ${options.seeds.join(', ')}:`);
  console.log('| model | train acc | test acc | gap (pts) |');
  console.log('|---|---|---|---|');
  for (const name of ['teacher', 'hard', 'soft'] as const) {
    const train = avg((r) => r[name].trainAcc);
    const test = avg((r) => r[name].testAcc);
    const label = name === 'teacher' ? 'teacher' : `${name} student`;
    console.log(`| ${label} | ${percent(train)} | ${percent(test)} | ${(100 * (train - test)).toFixed(1)} |`);
  }
}
