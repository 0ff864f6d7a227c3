/**
 * `npm run experiment`: the simulator's experiments, headless, with the same
 * engine the browser worker uses. Prints a table, or one JSON object per run
 * with --json. Bad flags print one line and exit with code 2.
 */
import { loadRunData } from '../../datasets/index';
import { ownPointsProblem } from '../../datasets/own-points';
import { nodeDigitsSource } from '../../datasets/digits/node-source';
import { holdOutValidation } from '../../datasets/validation';
import { findPreset, PRESETS } from '../core/presets';
import { assertValidSettings, layersOf } from '../core/settings';
import { describeTeacherOrigin, runTeacherSettings, teacherKey } from '../core/teacher-origin';
import { useShippedTeacher } from '../engine/shipped-teachers';
import { useNodeBackend } from '../engine/node-backend';
import { runToEnd } from '../engine/run-to-end';
import type { TeacherCache } from '../engine/teacher-cache';
import { presetReport } from '../engine/preset-report';
import { parseExperimentArgs, USAGE } from './args';
import { experimentJson, printRun, printSummary, type ExperimentRecord } from './report-format';
import { epochProgress } from './progress-lines';

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

const presets = options.presets.map((name) => findPreset(name)!);
for (const preset of presets) {
  try {
    assertValidSettings({ ...preset.settings, ...options.overrides });
    // Your own points too few to train on, as the app refuses them.
    const fewPoints = ownPointsProblem({ ...preset.settings, ...options.overrides });
    if (fewPoints) throw new RangeError(fewPoints);
  } catch (error) {
    console.error(`experiment: ${preset.name}: ${(error as Error).message}`);
    process.exit(2);
  }
}

const { backend, fallbackReason } = await useNodeBackend(options.backend);
if (options.backend === 'webgpu' && backend !== 'webgpu') {
  console.error(`experiment: ${fallbackReason}`);
  process.exit(1);
}
if (fallbackReason && !options.json) console.error(`Using ${backend}: ${fallbackReason}`);

// Presets with the same teacher settings and seed train that teacher once; shipped teachers
// (datasets/teachers/, `npm run teachers`) are used where they exist, unless --train-teacher.
const teachers: TeacherCache = new Map();
const VALIDATION_COUNT = 10_000;
if (options.validation && !options.json) console.error(`Validation: the last ${VALIDATION_COUNT} training digits are held out and scored instead of the test set; teachers are trained here.`);
const showProgress = options.progress || process.stderr.isTTY === true;
const records = new Map<string, ExperimentRecord[]>(presets.map((p) => [p.name, []]));
for (const seed of options.seeds) {
  for (const preset of presets) {
    const settings = { ...preset.settings, ...options.overrides, seed };
    try {
      const loaded = await loadRunData(settings, nodeDigitsSource);
      const dataset = options.validation && loaded.imageSide ? holdOutValidation(loaded, VALIDATION_COUNT) : loaded;
      // The run's teacher and, for a label-smoothed one, its unsmoothed twin: each shipped one is used.
      if (!options.trainTeacher) {
        const sizes = [dataset.inputSize, ...layersOf(settings.teacherLayers), dataset.classNames.length];
        for (const teacher of runTeacherSettings(settings)) await useShippedTeacher(teachers, teacher, sizes);
      }
      let teacherOrigin = '';
      let twinOrigin: string | undefined;
      const result = await runToEnd(settings, dataset, {
        cache: teachers,
        ...(showProgress ? { onEpoch: epochProgress(`${preset.name} seed ${seed}`, (line) => console.error(line)) } : {}),
        inspect: (run) => {
          teacherOrigin = describeTeacherOrigin(run.teacherOrigin);
          if (run.twinOrigin) twinOrigin = describeTeacherOrigin(run.twinOrigin);
          return presetReport(run, dataset.testY, dataset.trainY);
        },
      });
      // As in the app: one teacher serves every seed (the first seed's, or the shipped one's); so does a twin.
      for (const definition of runTeacherSettings(settings)) {
        const teacher = teachers.get(teacherKey(definition));
        if (teacher) for (const other of options.seeds) if (!teachers.has(teacherKey({ ...definition, seed: other }))) teachers.set(teacherKey({ ...definition, seed: other }), teacher);
      }
      const record: ExperimentRecord = { preset: preset.name, title: preset.title, seed, backend, settings, teacherOrigin, ...(twinOrigin ? { twinOrigin } : {}), result };
      records.get(preset.name)!.push(record);
      if (options.json) console.log(JSON.stringify(experimentJson(record)));
      else printRun(record);
    } catch (error) {
      console.error(`experiment: ${(error as Error).message}`);
      process.exit(1);
    }
  }
}
if (!options.json && options.seeds.length > 1) {
  for (const preset of presets) printSummary(records.get(preset.name)!);
}
