/**
 * The messages a run sends the page, built from the run as it is: its data
 * (the page's copy), the teacher once ready, the students' final logits and,
 * for 2-D data, decision maps. Arrays go as transfers (fresh copies), so the
 * page's main thread never deserialises megabytes.
 */
import { gatherRows } from '../datasets/subset';
import type { Dataset } from '../datasets/types';
import { bestBiasShift, biasControlOf, classAccuracy } from '../src/core/class-metrics';
import { gridPoints, pointBounds } from '../src/core/grid';
import { OWN_POINTS_CANVAS } from '../src/core/own-points';
import { COMPARED_STUDENTS, SOFT } from '../src/core/roster';
import type { DistillationRun } from '../src/engine/distillation-run';
import { studentFidelity } from '../src/engine/fidelity';
import { mapResolution } from '../src/engine/sliced-evaluation';
import type { DatasetView, FromWorker } from '../src/protocol/messages';

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/**
 * What the UI needs of a dataset (the test examples and, for 2-D data, the students' transfer set): the page's copy. Its arrays are fresh copies, sent as transfers: a cloned 7.8 MB array of
 * 10,000 test digits is deserialised on the page's main thread (tens of ms, a long task); a transferred one is not.
 */
export function datasetView(dataset: Dataset, transferIndices: Int32Array): { view: DatasetView; buffers: ArrayBuffer[] } {
  const transfer = dataset.imageSide
    ? { x: new Float32Array(0), y: Int32Array.from(transferIndices, (i) => dataset.trainY[i]!) }
    : gatherRows(dataset.trainX, dataset.trainY, dataset.inputSize, transferIndices);
  const view: DatasetView = {
    name: dataset.name,
    classNames: [...dataset.classNames],
    families: (dataset.families ?? []).map((f) => ({ name: f.name, classes: [...f.classes] })),
    inputSize: dataset.inputSize,
    ...(dataset.imageSide ? { imageSide: dataset.imageSide } : {}),
    testX: dataset.testX.slice(),
    testY: dataset.testY.slice(),
    transferX: transfer.x,
    transferY: transfer.y,
  };
  return { view, buffers: [view.testX.buffer, view.testY.buffer, view.transferX.buffer, view.transferY.buffer] as ArrayBuffer[] };
}

/**
 * The teacher is ready: where it came from, its metrics and its test logits; the same of a label-smoothed teacher's
 * unsmoothed twin. A shipped teacher's test errors are counted here, on the logits sent (its manifest's count is
 * checked against the same evaluation by the tests, not shown).
 */
export async function announceTeacher(post: Post, run: DistillationRun, runId: number): Promise<void> {
  const testLogits = await run.teacherLogits('test');
  const testLabels = run.labelsOf('test');
  const shippedTest = run.teacherOrigin.kind === 'shipped' ? { errors: classAccuracy(testLogits, testLabels, run.classes).errors, count: testLabels.length } : undefined;
  const twinLogits = run.hasTwin ? await run.teacherLogits('test', 'twin') : null;
  const twin = twinLogits ? { origin: run.twinOrigin!, teacher: run.lastMetrics.twin!, testLogits: twinLogits } : undefined;
  const buffers = [testLogits.buffer, ...(twinLogits ? [twinLogits.buffer] : [])];
  post({ type: 'teacher-ready', runId, origin: run.teacherOrigin, ...(shippedTest ? { shippedTest } : {}), teacher: run.lastMetrics.teacher!, testLogits, ...(twin ? { twin } : {}) }, buffers);
}

/**
 * Final student logits: test split for all. When the students ignored classes, the soft student's bias shift chosen
 * on the training split, found here: the scan of its 60,000 training logits was a 30–50 ms task on the page's main
 * thread at the run's end, and 2.4 MB to send. For a sweep, each student's fidelity to the teacher beside its
 * accuracy (a few numbers each, computed here: the transfer set's logits stay in the worker).
 */
export async function announceStudents(post: Post, run: DistillationRun, runId: number): Promise<void> {
  // One prediction per stacked group, not one per student.
  const test = await run.studentsLogits(run.specs.map((spec) => spec.id), 'test');
  const control = biasControlOf(run.settings);
  const ignored = run.specs.some((spec) => spec.ignoredClasses.length > 0);
  const softTrain = control && ignored ? (await run.studentsLogits([SOFT], 'train'))[SOFT] : undefined;
  const softShift = control && softTrain ? bestBiasShift(softTrain, run.trainLabels, run.classes, control.classes, control.grid).shift : null;
  const fidelity = run.settings.mode === 'sweep' ? await studentFidelity(run) : undefined;
  post({ type: 'students-logits', runId, test, softShift, ...(fidelity ? { fidelity } : {}) }, Object.values(test).map((a) => a.buffer));
}

/** Maps at most every few hundred ms, and at most a tenth of the time (a large model's map takes seconds). */
const MAP_INTERVAL_MS = 300;
const MAP_TIME_SHARE = 0.1;

/** Decision maps of the teacher and the compared students, for 2-D data; not too often unless forced. */
export class DecisionMapSender {
  private lastAt = -Infinity;
  private lastMs = 0;

  constructor(private readonly post: Post) {}

  /** `cancelled`: checked between chunks of a large model's maps (Reset, or a newer run); then nothing is sent. */
  async send(run: DistillationRun, dataset: Dataset, runId: number, force: boolean, cancelled?: () => boolean): Promise<void> {
    if (dataset.inputSize !== 2 || run.settings.mode !== 'compare') return;
    const interval = Math.max(MAP_INTERVAL_MS, this.lastMs / MAP_TIME_SHARE);
    if (!force && performance.now() - this.lastAt < interval) return;
    const started = performance.now();
    const resolution = mapResolution(run.mapRowFlops(COMPARED_STUDENTS));
    // Your own points are mapped over their whole canvas, as the page draws them.
    const bounds = run.settings.points !== '' ? OWN_POINTS_CANVAS : pointBounds(dataset.testX);
    const maps = await run.decisionMaps(gridPoints(bounds, resolution), COMPARED_STUDENTS, cancelled);
    if (!maps) return;
    this.lastAt = performance.now();
    this.lastMs = this.lastAt - started;
    const buffers = Object.values(maps).flatMap((m) => [m.classes.buffer, m.confidence.buffer]);
    this.post({ type: 'decision-maps', runId, resolution, bounds, maps }, buffers);
  }
}
