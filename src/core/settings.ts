/**
 * The settings of one distillation run, with one table of field specs that the
 * UI form, the URL and the command line all validate against.
 */
// size-limits imports this module back; it only uses these exports inside functions, so the cycle is safe.
import { sizeProblem } from './size-limits';
import { decodePoints, type DecodedPoints, type OwnPoint } from './own-points';

export const DATASET_NAMES = ['animals-vehicles', 'spirals', 'rare-class', 'digits-14', 'digits-28'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export const DATASET_TITLES: Record<DatasetName, string> = {
  'animals-vehicles': 'Animals & vehicles (2-D)',
  spirals: 'Nested spirals (2-D)',
  'rare-class': 'Rare class in a hierarchy (2-D)',
  'digits-14': 'Handwritten digits, 14×14',
  'digits-28': 'Handwritten digits, 28×28',
};

export const isImageDataset = (name: DatasetName) => name.startsWith('digits');

/** 'compare': one hard-label and one soft-target student. 'sweep': soft students at several T, two sizes. */
export const MODES = ['compare', 'sweep'] as const;
export type Mode = (typeof MODES)[number];

/** The range of the display-temperature slider (a view setting, not a training one). */
export const DISPLAY_T_RANGE = { min: 0.5, max: 20 } as const;

/** The temperatures a sweep trains at, together. */
export const SWEEP_TEMPERATURES = [1, 2, 4, 8, 16, 20] as const;

/** Hidden-layer widths offered for students, written "32-32" (input and output sizes come from the data). */
export const STUDENT_LAYER_CHOICES = ['800-800', '256-256', '128-128', '64-64', '32-32', '30-30', '16-16', '8', '4'] as const;

export interface Settings {
  dataset: DatasetName;
  mode: Mode;
  seed: number;
  /** Training temperature T of the soft targets. */
  temperature: number;
  /** Weight α of the soft term; 1 − α goes to the hard-label term. */
  alpha: number;
  /** Fraction of the training set the students may see (the transfer set). */
  studentFraction: number;
  /** Adam's step size for the teacher, and for the students unless `studentLearningRate` is set. */
  learningRate: number;
  /**
   * The students' own Adam step size (every student of a run: hard, soft, sweep); 0 (the default) uses
   * `learningRate`. Not part of the teacher's key: the same teacher serves every value. `studentAnneal` anneals it.
   */
  studentLearningRate: number;
  studentEpochs: number;
  teacherEpochs: number;
  /** Hidden layers, e.g. "32-32". */
  studentLayers: string;
  teacherLayers: string;
  /** The small student of a sweep. */
  tinyLayers: string;
  batchSize: number;
  teacherBatchSize: number;
  teacherDropout: number;
  /** Teacher inputs shifted by up to this many pixels (image datasets only). */
  teacherJitter: number;
  /**
   * Label smoothing ε of the teacher's own training targets, (1 − ε)·onehot + ε/K (Szegedy et al. 2016;
   * Müller, Kornblith & Hinton 2019); 0 for none. The students' loss and its T² are unchanged. A run with ε > 0
   * also has the same teacher without smoothing (its twin: same initial weights, batches, dropout and jitter).
   */
  teacherLabelSmoothing: number;
  /**
   * The teacher's learning-rate schedule: 0 keeps `learningRate` for every epoch, 1 anneals it by a cosine towards 0
   * over the teacher's epochs (lr-schedule.ts). The students' rate is `studentAnneal`'s.
   */
  teacherAnneal: number;
  /**
   * The students' learning-rate schedule, the same for every student of a run (hard, soft, sweep): 0 keeps
   * their rate (`studentLearningRate`, or `learningRate` where that is 0) for every epoch, 1 anneals it by a cosine
   * towards 0 over the students' epochs (lr-schedule.ts).
   */
  studentAnneal: number;
  /** A class removed from the students' transfer set; −1 for none. */
  omittedClass: number;
  /** The only classes the students' transfer set keeps, as text like "7,8" (sorted, no repeats); "" keeps every class. */
  keptClasses: string;
  /** Your own points (own-points.ts), the run's data instead of the generated points: "empty", or four characters a point; "" for the dataset's own points. 2-D datasets only. */
  points: string;
}

export type NumericField =
  | 'seed'
  | 'temperature'
  | 'alpha'
  | 'studentFraction'
  | 'learningRate'
  | 'studentLearningRate'
  | 'studentEpochs'
  | 'teacherEpochs'
  | 'batchSize'
  | 'teacherBatchSize'
  | 'teacherDropout'
  | 'teacherJitter'
  | 'teacherLabelSmoothing'
  | 'teacherAnneal'
  | 'studentAnneal'
  | 'omittedClass';

export interface NumericFieldSpec {
  label: string;
  min: number;
  max: number;
  /** Whether min itself is allowed (T > 0 and fraction > 0 are open at 0). */
  minInclusive: boolean;
  integer: boolean;
  help: string;
}

export const NUMERIC_FIELDS: Record<NumericField, NumericFieldSpec> = {
  seed: { label: 'Seed', min: 0, max: 2 ** 31 - 1, minInclusive: true, integer: true, help: 'Same seed, same data, same initial weights, same batches.' },
  // Below 0.05 the teacher's logits divided by T overflow float32 (a link with T = 1e-37 trained to NaN); the paper uses 1–20.
  temperature: { label: 'Training T', min: 0.05, max: 100, minInclusive: true, integer: false, help: 'Temperature of the soft targets the distilled student learns from.' },
  alpha: { label: 'α (soft weight)', min: 0, max: 1, minInclusive: true, integer: false, help: 'Weight of the soft term; 1 − α weights the hard labels.' },
  studentFraction: { label: 'Student data fraction', min: 0, max: 1, minInclusive: false, integer: false, help: 'Share of the training set the students see.' },
  learningRate: { label: 'Learning rate', min: 0, max: 1, minInclusive: false, integer: false, help: 'Adam step size for the teacher, and for the students unless theirs is set.' },
  studentLearningRate: { label: 'Students’ learning rate', min: 0, max: 1, minInclusive: true, integer: false, help: '0: the same as the teacher’s (the learning rate above); otherwise every student’s Adam step size, the teacher’s unchanged.' },
  studentEpochs: { label: 'Student epochs', min: 1, max: 5000, minInclusive: true, integer: true, help: 'Passes over the students’ transfer set.' },
  teacherEpochs: { label: 'Teacher epochs', min: 1, max: 500, minInclusive: true, integer: true, help: 'Passes over the full training set for the teacher.' },
  batchSize: { label: 'Student batch size', min: 1, max: 4096, minInclusive: true, integer: true, help: 'Examples per student training step.' },
  teacherBatchSize: { label: 'Teacher batch size', min: 1, max: 4096, minInclusive: true, integer: true, help: 'Examples per teacher training step.' },
  teacherDropout: { label: 'Teacher dropout', min: 0, max: 0.9, minInclusive: true, integer: false, help: 'Dropout rate on the teacher’s hidden layers.' },
  teacherJitter: { label: 'Teacher jitter (px)', min: 0, max: 4, minInclusive: true, integer: true, help: 'Random shifts of the teacher’s training images.' },
  // Past 0.5 the right class would get barely more than the others on two classes; the usual value is 0.1.
  teacherLabelSmoothing: { label: 'Teacher label smoothing ε', min: 0, max: 0.5, minInclusive: true, integer: false, help: 'The teacher learns (1 − ε)·label + ε spread over every class; 0 for none.' },
  teacherAnneal: { label: 'Teacher learning-rate anneal', min: 0, max: 1, minInclusive: true, integer: true, help: '1: the teacher’s learning rate falls by a cosine to 0 over its epochs; 0: constant.' },
  studentAnneal: { label: 'Student learning-rate anneal', min: 0, max: 1, minInclusive: true, integer: true, help: '1: every student’s learning rate falls by a cosine to 0 over the students’ epochs; 0: constant.' },
  omittedClass: { label: 'Omitted class', min: -1, max: 9, minInclusive: true, integer: true, help: 'A class the students never see (−1: none).' },
};

export const DEFAULT_SETTINGS: Settings = {
  dataset: 'animals-vehicles',
  mode: 'compare',
  seed: 1,
  temperature: 4,
  alpha: 0.9,
  studentFraction: 0.02,
  learningRate: 0.01,
  studentLearningRate: 0,
  studentEpochs: 300,
  teacherEpochs: 30,
  studentLayers: '32-32',
  teacherLayers: '64-64',
  tinyLayers: '4',
  batchSize: 32,
  teacherBatchSize: 64,
  teacherDropout: 0,
  teacherJitter: 0,
  teacherLabelSmoothing: 0,
  teacherAnneal: 0,
  studentAnneal: 0,
  omittedClass: -1,
  keptClasses: '',
  points: '',
};

export type FieldResult = { ok: true; value: number } | { ok: false; message: string };

/** Parse and check one numeric field from user text (a form field, a URL value, a flag). */
export function parseNumericField(field: NumericField, raw: string | number): FieldResult {
  const spec = NUMERIC_FIELDS[field];
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  if (text === '') return { ok: false, message: `${spec.label} is empty; enter a number.` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: `${spec.label} must be a number, not “${text}”.` };
  return checkNumericField(field, value);
}

export function checkNumericField(field: NumericField, value: number): FieldResult {
  const spec = NUMERIC_FIELDS[field];
  if (!Number.isFinite(value)) return { ok: false, message: `${spec.label} must be a finite number.` };
  if (spec.integer && !Number.isInteger(value)) return { ok: false, message: `${spec.label} must be a whole number.` };
  const belowMin = spec.minInclusive ? value < spec.min : value <= spec.min;
  if (belowMin || value > spec.max) {
    const low = spec.minInclusive ? `${spec.min} ≤` : `${spec.min} <`;
    return { ok: false, message: `${spec.label} must satisfy ${low} value ≤ ${spec.max}; got ${value}.` };
  }
  // −0 (a link's "-0") is 0: it would otherwise show as “-0” and count as an omitted class 0 ≥ 0.
  return { ok: true, value: value === 0 ? 0 : value };
}

/** "128-64" → [128, 64]; null unless 1–4 layers of 1–4096 units. */
export function parseLayers(text: string): number[] | null {
  if (!/^\d{1,4}(-\d{1,4}){0,3}$/.test(text.trim())) return null;
  const widths = text.trim().split('-').map(Number);
  return widths.every((w) => w >= 1 && w <= 4096) ? widths : null;
}

export function layersOf(text: string): number[] {
  const widths = parseLayers(text);
  if (!widths) throw new RangeError(`“${text}” is not a list of layer widths like 32-32.`);
  return widths;
}

export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

/** Number of classes of each dataset (the omitted class must be one of them). */
export const DATASET_CLASS_COUNTS: Record<DatasetName, number> = {
  'animals-vehicles': 6,
  spirals: 3,
  'rare-class': 5,
  'digits-14': 10,
  'digits-28': 10,
};

/** Label and help of the kept-classes setting (a text field, so not in NUMERIC_FIELDS). */
export const KEPT_CLASSES_FIELD = { label: 'Kept classes', help: 'The only classes the students see, like 7,8 (empty: every class).' } as const;

export type KeptClassesResult = { ok: true; value: string } | { ok: false; message: string };

/**
 * Parse the kept classes from user text (a form field, a URL value, a flag): class numbers separated by
 * commas, written back sorted without repeats ("8, 7,8" → "7,8"); "" keeps every class. With a dataset,
 * every class must be one of its classes, and keeping all of them is written "".
 */
export function parseKeptClasses(raw: string, dataset?: DatasetName): KeptClassesResult {
  const text = raw.trim();
  if (text === '') return { ok: true, value: '' };
  if (!/^\d{1,3}(\s*,\s*\d{1,3})*$/.test(text)) {
    return { ok: false, message: `${KEPT_CLASSES_FIELD.label} must be class numbers separated by commas, like 7,8 (empty: every class); got “${text}”.` };
  }
  const classes = [...new Set(text.split(',').map((part) => Number(part.trim())))].sort((a, b) => a - b);
  if (dataset !== undefined && isDatasetName(dataset)) {
    const count = DATASET_CLASS_COUNTS[dataset];
    const missing = classes.filter((k) => k >= count);
    if (missing.length > 0) return { ok: false, message: `${KEPT_CLASSES_FIELD.label} must be classes of ${DATASET_TITLES[dataset]} (0–${count - 1}); got ${missing.join(', ')}.` };
    if (classes.length === count) return { ok: true, value: '' };
  }
  return { ok: true, value: classes.join(',') };
}

/** The kept classes as numbers, ascending; [] when every class is kept. Throws on text parseKeptClasses refuses. */
export function keptClassList(text: string): number[] {
  const result = parseKeptClasses(text);
  if (!result.ok) throw new RangeError(result.message);
  return result.value === '' ? [] : result.value.split(',').map(Number);
}

/** Your points read for a dataset (as own-points.ts decodePoints), refused on the digits; messages start lower case. */
export function parsePoints(text: string, dataset: DatasetName): DecodedPoints {
  if (isImageDataset(dataset)) return { ok: false, message: `your own points go on a 2-D dataset, not on ${DATASET_TITLES[dataset]}` };
  return decodePoints(text, DATASET_CLASS_COUNTS[dataset]);
}

/** The settings' own points, decoded; null for the dataset's generated points, or for unreadable ones (validateSettings names those). */
export function ownPointsOf(settings: Pick<Settings, 'dataset' | 'points'>): OwnPoint[] | null {
  if (settings.points === '' || !isDatasetName(settings.dataset)) return null;
  const result = parsePoints(settings.points, settings.dataset);
  return result.ok ? result.points : null;
}

/** Every problem with a whole settings object, field by field; empty when valid. */
export function validateSettings(settings: Settings): Partial<Record<keyof Settings, string>> {
  const problems: Partial<Record<keyof Settings, string>> = {};
  for (const field of Object.keys(NUMERIC_FIELDS) as NumericField[]) {
    const result = checkNumericField(field, settings[field]);
    if (!result.ok) problems[field] = result.message;
  }
  if (!isDatasetName(settings.dataset)) problems.dataset = `Unknown dataset “${settings.dataset}”.`;
  else if (settings.omittedClass >= DATASET_CLASS_COUNTS[settings.dataset]) {
    problems.omittedClass = `Omitted class must be a class of ${DATASET_TITLES[settings.dataset]} (0–${DATASET_CLASS_COUNTS[settings.dataset] - 1}, or −1 for none); got ${settings.omittedClass}.`;
  }
  const kept = parseKeptClasses(String(settings.keptClasses), settings.dataset);
  if (!kept.ok) problems.keptClasses = kept.message;
  else if (settings.keptClasses !== kept.value) {
    problems.keptClasses = `${KEPT_CLASSES_FIELD.label} must be written ${kept.value === '' ? 'empty when every class is kept' : `sorted, without repeats or spaces (“${kept.value}”)`}; got “${settings.keptClasses}”.`;
  } else if (kept.value !== '' && settings.omittedClass >= 0) {
    problems.keptClasses = `${KEPT_CLASSES_FIELD.label} (${kept.value}) and an omitted class (${settings.omittedClass}) cannot be combined: keep every class or omit none.`;
  }
  if (settings.points !== '' && isDatasetName(settings.dataset)) {
    const points = parsePoints(String(settings.points), settings.dataset);
    if (!points.ok) problems.points = `Your points: ${points.message}.`;
  }
  if (!(MODES as readonly string[]).includes(settings.mode)) problems.mode = `Unknown mode “${settings.mode}”.`;
  for (const field of ['studentLayers', 'teacherLayers', 'tinyLayers'] as const) {
    if (parseLayers(settings[field]) === null) problems[field] = `Layers must look like 32-32 (1–4 layers of 1–4096 units); got “${settings[field]}”.`;
  }
  // Sizes are judged only once every part is readable (the estimate needs the dataset, mode and layers).
  if (Object.keys(problems).length === 0) {
    const tooBig = sizeProblem(settings);
    if (tooBig) problems[tooBig.field] = tooBig.message;
  }
  return problems;
}

/** Throws one readable error listing every problem; used by the engine and the command line. */
export function assertValidSettings(settings: Settings): void {
  const problems = Object.values(validateSettings(settings));
  if (problems.length > 0) throw new RangeError(problems.join(' '));
}

/** Throws when the omitted or a kept class is not one of the dataset's `classes` (a link can name class 9 of a 6-class set). */
export function assertClassesOf(settings: Pick<Settings, 'omittedClass' | 'keptClasses'>, classes: number, datasetName: string): void {
  if (settings.omittedClass >= classes) throw new RangeError(`Omitted class ${settings.omittedClass} is not a class of ${datasetName}.`);
  const foreign = keptClassList(settings.keptClasses).filter((k) => k >= classes);
  if (foreign.length > 0) throw new RangeError(`Kept class ${foreign.join(', ')} is not a class of ${datasetName}.`);
}
