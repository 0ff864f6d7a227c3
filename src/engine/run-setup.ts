/**
 * The costly start of a large run, done ahead of it in units of work so that Pause and Reset during its set-up act
 * within a moment (the worker reads its messages only between units): the students' initial weights drawn about a
 * million values at a time, then the wasm heap grown for everything the run will hold — its data, every model's
 * weights and Adam moments, and the copies its first batches make — in 32 MB chunks (HeapReserve).
 *
 * Measured for two 4096-4096 students on 2-D data, wasm, this machine (`src/cli` probe): made in one go the run
 * took 1.8 s — weights drawn 0.47 s, uploaded 0.48 s, Adam's moments filled 0.92 s, nearly all of the last two the
 * heap growing; once the heap has grown, uploading the same 67 MB matrix takes about 6 ms.
 *
 * A run made with a set-up's weights (DistillationRun's `studentWeights` option) is the same run as one made
 * directly: the weights come from the same stream (runStreams), drawn in the same order.
 */
import type { Dataset } from '../../datasets/types';
import { createRng, type Rng } from '../core/rng';
import { layersOf, type Settings } from '../core/settings';
import { studentGroups, studentSpecs } from '../core/roster';
import { initialWeightSteps, type MlpWeights } from './mlp';
import { SliceClock } from './slice-clock';
import { HeapReserve, RESERVED_WEIGHT_COPIES } from './batch-pieces';
import { weightCount } from '../core/model-flops';

/** The run's independent random streams, forked from its seed in this fixed order (the same seed gives the same run). */
export interface RunStreams {
  teacherInit: Rng;
  studentInit: Rng;
  teacherOrder: Rng;
  studentOrder: Rng;
  dropout: Rng;
  jitter: Rng;
}

export function runStreams(seed: number): RunStreams {
  const rng = createRng(seed);
  const teacherInit = rng.fork();
  const studentInit = rng.fork();
  const teacherOrder = rng.fork();
  const studentOrder = rng.fork();
  const dropout = rng.fork();
  const jitter = rng.fork();
  return { teacherInit, studentInit, teacherOrder, studentOrder, dropout, jitter };
}

/** Layer sizes, input to classes, of each group of students that share an architecture, in the run's order. */
export function studentGroupSizes(settings: Settings, inputSize: number, classes: number): number[][] {
  return studentGroups(studentSpecs(settings)).map(({ layers }) => [inputSize, ...layersOf(layers), classes]);
}

/** Values drawn per unit of set-up: ~30 ms of JavaScript here. */
const VALUES_PER_UNIT = 1 << 20;

/** Floats a run holds on its backend at its start: data, models with Adam's two moments, and the batches' copies. */
export function runFloats(settings: Settings, dataset: Dataset): number {
  const classes = dataset.classNames.length;
  const students = studentGroups(studentSpecs(settings)).reduce((n, { layers, members }) => n + members.length * weightCount([dataset.inputSize, ...layersOf(layers), classes]), 0);
  // The teacher and, when label-smoothed, its twin (counted as training: an upper bound for a shipped teacher).
  const teachers = (settings.teacherLabelSmoothing > 0 ? 2 : 1) * weightCount([dataset.inputSize, ...layersOf(settings.teacherLayers), classes]);
  // The transfer set is a part of the training split, uploaded as its own copy: at most the split again.
  const data = 2 * dataset.trainX.length + dataset.testX.length;
  return data + (3 + RESERVED_WEIGHT_COPIES) * (students + teachers);
}

export class RunSetup {
  /** Each student group's initial weights, in `studentGroupSizes` order; complete once `done`. */
  readonly studentWeights: MlpWeights[] = [];
  private readonly draws: Generator<void, void>;
  private drawing = true;
  private readonly reserve: HeapReserve;

  constructor(settings: Settings, dataset: Dataset) {
    const sizes = studentGroupSizes(settings, dataset.inputSize, dataset.classNames.length);
    this.draws = this.drawAll(sizes, runStreams(settings.seed).studentInit);
    this.reserve = new HeapReserve(runFloats(settings, dataset));
  }

  private *drawAll(groups: readonly number[][], rng: Rng): Generator<void, void> {
    for (const sizes of groups) this.studentWeights.push(yield* initialWeightSteps(sizes, rng, VALUES_PER_UNIT));
  }

  get done(): boolean {
    return !this.drawing && this.reserve.done;
  }

  /** One unit: a step of drawing, or a chunk of heap (the chunks are freed with the last, for the run to use). */
  next(): void {
    if (this.drawing) this.drawing = !this.draws.next().done;
    else this.reserve.next();
  }

  /** Gives back what a set-up left part-way holds. */
  dispose(): void {
    this.reserve.dispose();
  }
}

/**
 * A run's set-up in slices of about `sliceMs`, with `pause()` (a turn for the caller's messages) between them; null
 * when `cancelled()` says so after one (a Reset or Pause came). Small runs finish in one slice.
 */
export async function setUpInSlices(settings: Settings, dataset: Dataset, sliceMs: number, pause: () => Promise<void>, cancelled: () => boolean): Promise<RunSetup | null> {
  const setup = new RunSetup(settings, dataset);
  try {
    for (;;) {
      const clock = new SliceClock(sliceMs);
      while (!setup.done && !clock.outOfTime) {
        setup.next();
        clock.unitDone();
      }
      if (setup.done) return setup;
      await pause();
      if (cancelled()) return null;
    }
  } finally {
    setup.dispose();
  }
}
