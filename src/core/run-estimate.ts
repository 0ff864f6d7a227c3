/**
 * How long a run will take on this device, known before it starts: the
 * chosen backend's measured throughputs on the run's own models (a
 * `BackendTrial`, see backend-calibration.ts) times the work the settings ask
 * for — the epochs over the training set, the students' share of it, and the
 * evaluation passes that give the charts their points. Pure: the dataset sizes
 * are known without loading the data, so nothing is downloaded to ask.
 *
 * While a run trains, core/time-left.ts turns its timed epochs into the time
 * left, from this estimate until they are timed.
 */
import { LONG_RUN_SECONDS, durationText, estimatedCost, runModels, type BackendName, type BackendTrial, type RunModels } from './backend-calibration';
import { forwardFlops, trainingFlops } from './model-flops';
import { DATASET_CLASS_COUNTS, ownPointsOf, type DatasetName, type Settings } from './settings';
import { studentGroups, studentSpecs, type TrainingPhase } from './roster';
import { ownPointsSizes } from './own-points';
import { countText } from './number-text';

/**
 * Examples in each dataset's training and test parts: the 2-D sets as their
 * generators make them (datasets/*.ts, default sizes), the digits the official
 * MNIST parts (60,000 / 10,000) at either side.
 */
export const DATASET_SIZES: Record<DatasetName, { train: number; test: number }> = {
  'animals-vehicles': { train: 4000, test: 2000 },
  spirals: { train: 4000, test: 2000 },
  'rare-class': { train: 4000, test: 2000 },
  'digits-14': { train: 60_000, test: 10_000 },
  'digits-28': { train: 60_000, test: 10_000 },
};

/** The run's training and test sizes: the dataset's, or your own points' split (core/own-points.ts). */
export function dataSizes(settings: Settings): { train: number; test: number } {
  const points = ownPointsOf(settings);
  if (!points) return DATASET_SIZES[settings.dataset];
  const { train, test } = ownPointsSizes(points, DATASET_CLASS_COUNTS[settings.dataset], settings.studentFraction);
  return { train, test };
}

/**
 * The datasets a preview never downloads: the 28×28 digits (11 MB compressed, 188 MB
 * of training pixels in memory) are fetched only for a run, after any long-run question.
 */
export const loadsOnlyForARun = (name: DatasetName): boolean => name === 'digits-28';

/** The data a run downloads before it trains, in words with its gzip size (README, "The paper's experiments on real digits"); null for generated data. */
export function downloadedData(name: DatasetName): string | null {
  if (name === 'digits-14') return 'the 14×14 digits (4.8 MB)';
  if (name === 'digits-28') return 'the 28×28 digits (11.2 MB)';
  return null;
}

/**
 * Aim for about this many metric points per phase on a chart (plus the first
 * and last epoch). Each read-back evaluates every model on its whole training
 * and test sets, which on the digits costs a third of an epoch, so not every epoch.
 */
export const METRIC_POINTS: Record<TrainingPhase, number> = { teacher: 10, students: 25 };

/** Whether the engine evaluates the models (loss and accuracy on the whole training and test sets) after this epoch. */
export function isMetricsEpoch(phase: TrainingPhase, epoch: number, total: number): boolean {
  const every = Math.max(1, Math.round(total / METRIC_POINTS[phase]));
  return epoch === 1 || epoch === total || epoch % every === 0;
}

/** How many of a phase's `total` epochs end with an evaluation. */
export function metricsEpochCount(phase: TrainingPhase, total: number): number {
  let count = 0;
  for (let epoch = 1; epoch <= total; epoch++) if (isMetricsEpoch(phase, epoch, total)) count++;
  return count;
}

/**
 * What predicting one row costs, counted two ways, the cheaper of them counting (`evaluationRowSeconds`). An
 * evaluation predicts whole chunks of up to 4,096 rows (engine/sliced-evaluation.ts), about as efficiently as the
 * model trains or more so:
 *
 * EVALUATION_COST: a row as this share of the model's own training example. Measured on wasm here (Node, two
 * 784-800-800-10 students, batch 128): training 1,343 examples/s; predicting 6,000 digits took 1.20 s (0.27 of a
 * step each); the lecture teacher (batch 128, layers of 256) at 0.28 and 0.35 of its step in two runs (`src/cli` probe).
 *
 * EVALUATION_EFFICIENCY: a row's FLOPs at this share of the fastest training FLOP/s the trial measured on
 * the run's models (the teacher's, as a rule). Students that train in batches of 32 have slow steps that say little
 * about their predictions: by their own steps alone the sweep's evaluations (fourteen small students, 11,800 digits
 * an epoch) were put at 2.6× their time, and its run at 1.7×. Measured (Node, wasm, seed 1, the engine's
 * evaluations timed, `src/cli` probe, three runs of six digit presets): 0.54–1.07 of that rate, median 0.71.
 */
export const EVALUATION_COST = 0.3;
export const EVALUATION_EFFICIENCY = 0.7;

/** The fastest training FLOP/s the trial measured on the run's models (6 per weight per example). */
export function fastestTrainingFlopRate(trial: BackendTrial, models: RunModels): number {
  const rates = [
    (trial.teacher ?? 0) * trainingFlops(models.teacher.sizes),
    ...models.students.map((group, i) => (trial.students?.[i] ?? 0) * trainingFlops(group.sizes, group.count)),
  ];
  return Math.max(...rates.filter(Number.isFinite));
}

/** Seconds to predict one row through a model (`copies` stacked) that trains at `rate` examples/s: the cheaper of the two counts above. */
export function evaluationRowSeconds(rate: number, sizes: readonly number[], copies: number, fastestFlopRate: number): number {
  return Math.min(EVALUATION_COST / rate, forwardFlops(sizes, copies) / (EVALUATION_EFFICIENCY * fastestFlopRate));
}

/** The students' transfer set: their share of the training set, without the classes no student learns from (classes taken as equally common). */
export function transferCount(settings: Settings): number {
  const { train } = DATASET_SIZES[settings.dataset];
  const classes = DATASET_CLASS_COUNTS[settings.dataset];
  const specs = studentSpecs(settings);
  const unseenClasses = Array.from({ length: classes }, (_, k) => k).filter((k) => specs.every((s) => s.ignoredClasses.includes(k)));
  const points = ownPointsOf(settings);
  // Your own points: counted class by class, as the transfer set is chosen.
  if (points) return Math.max(1, ownPointsSizes(points, classes, settings.studentFraction, unseenClasses).transfer);
  const unseen = unseenClasses.length;
  return Math.max(1, Math.round(train * settings.studentFraction * ((classes - unseen) / classes)));
}

export interface RunEstimate {
  backend: BackendName;
  /**
   * Seconds to train and evaluate the teacher; for a shipped or stored one, its one evaluation before the students
   * (engine/teacher-check.ts); 0 for the teacher already trained in this tab.
   */
  teacherSeconds: number;
  /** Seconds for the students: the teacher's soft targets once, then their epochs and evaluations. */
  studentSeconds: number;
  seconds: number;
  /** Measured training examples per second: the teacher's, and through all the students together. */
  teacherRate: number;
  studentRate: number;
  studentCount: number;
  /** Epochs to train: the teacher's (0 when ready) and the students'. */
  teacherEpochs: number;
  studentEpochs: number;
}

/**
 * Seconds this run will take on a measured backend: training (as
 * `estimatedRunSeconds`) plus the evaluation passes and the teacher's soft
 * targets, over `duty`, the share of its time the training loop works
 * (core/loop-duty.ts: 0.8 in the browser, whose loop rests; 1 in Node). Null
 * when the backend was not measured. Loading the data and setting up are not counted.
 */
export function runEstimate(trial: BackendTrial, settings: Settings, teacher: TeacherSource, duty = 1): RunEstimate | null {
  if (estimatedCost(trial, { teacherPasses: 1, studentPasses: 1 }) === null) return null;
  const teacherRate = trial.teacher!;
  // Every student of a group sees each batch; the groups take turns, so their times per example add up.
  const studentRate = 1 / trial.students!.reduce((sum, rate) => sum + 1 / rate, 0);
  const { train, test } = dataSizes(settings);
  const transfer = transferCount(settings);
  const teacherEpochs = teacher === 'train' ? settings.teacherEpochs : 0;
  const { studentEpochs } = settings;
  // A label-smoothed teacher trains beside its unsmoothed twin (counted as two, though one of them may be ready).
  const teachers = settings.teacherLabelSmoothing > 0 ? 2 : 1;
  const evaluations = teacher === 'train' ? metricsEpochCount('teacher', teacherEpochs) : teacher === 'memory' ? 0 : 1;
  // Seconds to predict one row: through the teacher, and through every student.
  const models = runModels(settings);
  const fastest = fastestTrainingFlopRate(trial, models);
  const teacherRow = evaluationRowSeconds(teacherRate, models.teacher.sizes, 1, fastest);
  const studentsRow = models.students.reduce((sum, group, i) => sum + evaluationRowSeconds(trial.students![i]!, group.sizes, group.count, fastest), 0);
  const share = duty > 0 && duty <= 1 ? duty : 1;
  const teacherSeconds = (teachers * ((teacherEpochs * train) / teacherRate + evaluations * (train + test) * teacherRow)) / share;
  // The teacher's soft targets on the transfer set, then the students' epochs and evaluations.
  const studentEvaluations = metricsEpochCount('students', studentEpochs) * (transfer + test) * studentsRow;
  const studentSeconds = (transfer * teacherRow + (studentEpochs * transfer) / studentRate + studentEvaluations) / share;
  return {
    backend: trial.backend,
    teacherSeconds,
    studentSeconds,
    seconds: teacherSeconds + studentSeconds,
    teacherRate,
    studentRate,
    studentCount: studentGroups(studentSpecs(settings)).reduce((sum, group) => sum + group.members.length, 0),
    teacherEpochs,
    studentEpochs,
  };
}

/** Seconds of one epoch of the phase that trains first: the teacher's when it trains, else the students'. */
function epochSeconds(estimate: RunEstimate): number {
  if (estimate.teacherEpochs > 0) return estimate.teacherSeconds / estimate.teacherEpochs;
  return estimate.studentEpochs > 0 ? estimate.studentSeconds / estimate.studentEpochs : 0;
}

/** Seconds of the run's first epoch (what Step does): with a ready teacher, its evaluation comes first. */
export function firstEpochSeconds(estimate: RunEstimate): number {
  return epochSeconds(estimate) + (estimate.teacherEpochs > 0 ? 0 : estimate.teacherSeconds);
}

const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const countWord = (n: number) => COUNT_WORDS[n] ?? countText(n);
const rateText = (rate: number) => `${countText(Math.round(rate))} examples/s`;

/** Where the run's teacher will come from, as the worker found it before the run. */
export type TeacherSource = 'memory' | 'stored' | 'shipped' | 'train';

const TEACHER_TEXT: Record<TeacherSource, string> = {
  memory: 'It reuses the teacher already trained in this tab.',
  stored: 'It uses the teacher kept in this browser, evaluated here first.',
  shipped: 'It uses the teacher shipped with the app, evaluated here first; only the students train.',
  train: 'The teacher trains first, then the students.',
};

/**
 * What the long-run question says: the headline ("Paper: MNIST, full scale:
 * about 14 min of training on this device") and the details (backend,
 * measured rates, the teacher, the download).
 */
export function longRunText(title: string, estimate: RunEstimate, scope: 'run' | 'epoch', teacher: TeacherSource, download: string | null): { headline: string; details: string } {
  const seconds = scope === 'run' ? estimate.seconds : firstEpochSeconds(estimate);
  const what = scope === 'run' ? 'of training' : `for one epoch of the ${estimate.teacherEpochs > 0 ? 'teacher' : 'students'} (Step)`;
  const rates = [
    ...(estimate.teacherEpochs > 0 ? [`${rateText(estimate.teacherRate)} for the teacher`] : []),
    `${rateText(estimate.studentRate)} for the ${estimate.studentCount === 1 ? 'student' : `${countWord(estimate.studentCount)} students`}`,
  ];
  // A whole run's question also says when a single epoch is long (over LONG_RUN_SECONDS): Step and each chart point wait that long.
  const epoch = epochSeconds(estimate);
  const slowEpoch = scope === 'run' && epoch > LONG_RUN_SECONDS ? ` One epoch of the ${estimate.teacherEpochs > 0 ? 'teacher' : 'students'} alone takes ${durationText(epoch)}.` : '';
  return {
    headline: `${title}: ${durationText(seconds)} ${what} on this device`,
    details: `Measured on ${estimate.backend} with these models: ${rates.join(', ')}. ${TEACHER_TEXT[teacher]}${download ? ` ${download}` : ''}${slowEpoch}`,
  };
}
