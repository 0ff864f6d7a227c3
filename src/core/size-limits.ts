/**
 * How much tensor memory a run needs, known from its settings alone, and the
 * refusal of runs that will not fit. Pure: the dataset sizes are known without
 * loading the data, so a link, a control or the worker can ask before anything
 * is allocated.
 *
 * The estimate, in float32 values of 4 bytes (what the engine keeps on the device):
 *   per model of S stacked copies, layer sizes n₀…n_k, batch B, P = Σᵢ (nᵢ + 1)·nᵢ₊₁ parameters:
 *     4·S·P                      weights, gradients, Adam's first and second moments
 *   + 3·S·max(nᵢ·nᵢ₊₁)           Adam's new value and moments of the variable being updated
 *   + B·n₀ + 3·S·B·Σ_{i≥1} nᵢ    one batch: its inputs, each layer's output, its ReLU and their gradients
 *   + 2·S·R·Σ_{i≥1} nᵢ           one evaluation chunk of R = min(rows, 4096) rows (row-chunks.ts)
 *   the data:
 *     (2·train + 2·test + 3·transfer + train)·(input + classes)
 *       every split whole and again in evaluation chunks (split.ts), the transfer set's batches of one
 *       epoch (uploaded at its start on wasm), and the teacher's
 *   + transfer·classes·(soft temperatures + students)   soft targets and each stack's targets
 * The teacher is counted as training (a shipped or stored one needs less).
 */
import { DATASET_CLASS_COUNTS, layersOf, ownPointsOf, type DatasetName, type Settings } from './settings';
import { softTemperatures, studentGroups, studentSpecs, twinSoftTemperatures } from './roster';
import { ownPointsSizes } from './own-points';

/**
 * The most tensor memory a run may need. TF.js's wasm backend keeps every
 * tensor in one WebAssembly heap, which cannot grow past 4 GB. Seen (issue 10):
 * students 4096-4096-4096-4096 on the 2-D points, estimated here at 2.6 GB,
 * grew that heap to 4 GB (temporaries, fragmentation: ~1.5× the estimate) and
 * took 85 s an epoch; on the 28×28 digits (3.9 GB here) wasm aborted. 2 GB
 * keeps the heap near 3 GB, under the ceiling, and still admits the paper's
 * full-scale set-up (~1.5 GB, most of it the 28×28 digits).
 */
export const TENSOR_LIMIT_BYTES = 2e9;

const BYTES_PER_FLOAT = 4;
/** Rows per evaluation chunk (row-chunks.ts EVAL_CHUNK_ROWS; not imported: that file needs TF.js). */
const EVAL_CHUNK_ROWS = 4096;

/** Input size, and the training and test set sizes, of each dataset (as run-estimate.ts and backend-calibration.ts); with your own points, see dataOf. */
const DATA: Record<DatasetName, { input: number; train: number; test: number; words: string }> = {
  'animals-vehicles': { input: 2, train: 4000, test: 2000, words: 'the 2-D animals & vehicles' },
  spirals: { input: 2, train: 4000, test: 2000, words: 'the 2-D spirals' },
  'rare-class': { input: 2, train: 4000, test: 2000, words: 'the 2-D rare-class points' },
  'digits-14': { input: 14 * 14, train: 60_000, test: 10_000, words: '14×14 digits' },
  'digits-28': { input: 28 * 28, train: 60_000, test: 10_000, words: '28×28 digits' },
};

export type LayersField = 'teacherLayers' | 'studentLayers' | 'tinyLayers';

export interface MemoryEstimate {
  bytes: number;
  /** The dataset's tensors. */
  dataBytes: number;
  /** Each model's share (training state, one batch, one evaluation chunk), by the setting its layers come from. */
  modelBytes: Record<LayersField, number>;
}

/** Floats of one model (a stack of `count` copies) while it trains, as in the formula above. */
export function modelFloats(sizes: readonly number[], batch: number, count: number, evalRows: number): number {
  let params = 0;
  let largest = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    params += (sizes[i]! + 1) * sizes[i + 1]!;
    largest = Math.max(largest, sizes[i]! * sizes[i + 1]!);
  }
  const units = sizes.slice(1).reduce((sum, n) => sum + n, 0);
  return 4 * count * params + 3 * count * largest + batch * sizes[0]! + 3 * count * batch * units + 2 * count * Math.min(evalRows, EVAL_CHUNK_ROWS) * units;
}

/** The classes no student learns from (left out of the transfer set). */
function unseenClasses(settings: Settings, classes: number): number[] {
  const specs = studentSpecs(settings);
  return Array.from({ length: classes }, (_, k) => k).filter((k) => specs.every((s) => s.ignoredClasses.includes(k)));
}

/** The students' transfer set size (run-estimate.ts `transferCount`, without importing it: it pulls in the backend calibration). */
function transferRows(settings: Settings, train: number, classes: number): number {
  const unseen = unseenClasses(settings, classes).length;
  return Math.max(1, Math.round(train * settings.studentFraction * ((classes - unseen) / classes)));
}

/** The run's data sizes: the dataset's, or those of your own points (their split and transfer set counted exactly). */
function dataOf(settings: Settings): { input: number; train: number; test: number; transfer: number; words: string } {
  const data = DATA[settings.dataset];
  const classes = DATASET_CLASS_COUNTS[settings.dataset];
  const points = ownPointsOf(settings);
  if (!points) return { ...data, transfer: transferRows(settings, data.train, classes) };
  const sizes = ownPointsSizes(points, classes, settings.studentFraction, unseenClasses(settings, classes));
  return { input: data.input, ...sizes, transfer: Math.max(1, sizes.transfer), words: `your ${points.length} points` };
}

export function estimateMemory(settings: Settings): MemoryEstimate {
  const { input, train, test, transfer } = dataOf(settings);
  const classes = DATASET_CLASS_COUNTS[settings.dataset];
  const specs = studentSpecs(settings);
  const sizes = (layers: string) => [input, ...layersOf(layers), classes];
  const modelBytes: Record<LayersField, number> = { teacherLayers: 0, studentLayers: 0, tinyLayers: 0 };
  // A label-smoothed teacher trains beside its unsmoothed twin: two teachers.
  const teachers = settings.teacherLabelSmoothing > 0 ? 2 : 1;
  modelBytes.teacherLayers = teachers * BYTES_PER_FLOAT * modelFloats(sizes(settings.teacherLayers), settings.teacherBatchSize, 1, train);
  for (const group of studentGroups(specs)) {
    // In a sweep whose two sizes are equal, the one stack is counted as the normal students'.
    const field: LayersField = group.layers === settings.studentLayers ? 'studentLayers' : 'tinyLayers';
    modelBytes[field] += BYTES_PER_FLOAT * modelFloats(sizes(group.layers), settings.batchSize, group.members.length, Math.max(transfer, test));
  }
  const dataFloats = (2 * train + 2 * test + 3 * transfer + train) * (input + classes) + transfer * classes * (softTemperatures(specs).length + twinSoftTemperatures(specs).length + specs.length);
  const dataBytes = BYTES_PER_FLOAT * dataFloats;
  return { bytes: dataBytes + modelBytes.teacherLayers + modelBytes.studentLayers + modelBytes.tinyLayers, dataBytes, modelBytes };
}

/** "3.92 GB", "2 GB", "640 MB" (decimal units, as the limit is written). */
export function bytesText(bytes: number): string {
  if (bytes >= 1e9) return `${Number((bytes / 1e9).toFixed(2))} GB`;
  return `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

const FIELD_WORDS: Record<LayersField, string> = { teacherLayers: 'Teacher', studentLayers: 'Students', tinyLayers: 'Tiny students' };

export interface SizeProblem {
  /** The setting whose models take the most memory: the one to make smaller. */
  field: LayersField;
  estimate: MemoryEstimate;
  message: string;
}

/**
 * Why a run with these settings is refused for its size, or null when it fits
 * under the limit. Settings with unreadable layers are not judged here
 * (validateSettings names those).
 */
export function sizeProblem(settings: Settings, limit = TENSOR_LIMIT_BYTES): SizeProblem | null {
  let estimate: MemoryEstimate;
  try {
    estimate = estimateMemory(settings);
  } catch {
    return null;
  }
  if (!(estimate.bytes > limit)) return null;
  const fields = (Object.keys(estimate.modelBytes) as LayersField[]).sort((a, b) => estimate.modelBytes[b] - estimate.modelBytes[a]);
  const field = fields[0]!;
  const message = `${FIELD_WORDS[field]} ${settings[field]} on ${dataOf(settings).words} need about ${bytesText(estimate.bytes)} of tensors; the limit here is ${bytesText(limit)}. Use smaller layers.`;
  return { field, estimate, message };
}
