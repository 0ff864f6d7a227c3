/**
 * The settings of one distillation run, with one table of field specs that the
 * UI form, the URL and the command line all validate against.
 */

export const DATASET_NAMES = ['animals-vehicles'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Hidden-layer widths written as "32-32"; the input and output sizes come from the dataset. */
export const STUDENT_SIZES = ['32-32', '16-16', '8', '4'] as const;
export type StudentSize = (typeof STUDENT_SIZES)[number];

export interface Settings {
  dataset: DatasetName;
  seed: number;
  /** Training temperature T of the soft targets. */
  temperature: number;
  /** Weight α of the soft term; 1 − α goes to the hard-label term. */
  alpha: number;
  /** Fraction of the training set the students may see (the transfer set). */
  studentFraction: number;
  learningRate: number;
  studentEpochs: number;
  teacherEpochs: number;
  studentSize: StudentSize;
  teacherHidden: readonly number[];
  batchSize: number;
  teacherBatchSize: number;
  teacherDropout: number;
}

export type NumericField =
  | 'seed'
  | 'temperature'
  | 'alpha'
  | 'studentFraction'
  | 'learningRate'
  | 'studentEpochs'
  | 'teacherEpochs'
  | 'batchSize'
  | 'teacherBatchSize'
  | 'teacherDropout';

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
  temperature: { label: 'Training T', min: 0, max: 100, minInclusive: false, integer: false, help: 'Temperature of the soft targets the distilled student learns from.' },
  alpha: { label: 'α (soft weight)', min: 0, max: 1, minInclusive: true, integer: false, help: 'Weight of the soft term; 1 − α weights the hard labels.' },
  studentFraction: { label: 'Student data fraction', min: 0, max: 1, minInclusive: false, integer: false, help: 'Share of the training set the students see.' },
  learningRate: { label: 'Learning rate', min: 0, max: 1, minInclusive: false, integer: false, help: 'Adam step size for every model.' },
  studentEpochs: { label: 'Student epochs', min: 1, max: 5000, minInclusive: true, integer: true, help: 'Passes over the students’ transfer set.' },
  teacherEpochs: { label: 'Teacher epochs', min: 1, max: 500, minInclusive: true, integer: true, help: 'Passes over the full training set for the teacher.' },
  batchSize: { label: 'Student batch size', min: 1, max: 4096, minInclusive: true, integer: true, help: 'Examples per student training step.' },
  teacherBatchSize: { label: 'Teacher batch size', min: 1, max: 4096, minInclusive: true, integer: true, help: 'Examples per teacher training step.' },
  teacherDropout: { label: 'Teacher dropout', min: 0, max: 0.9, minInclusive: true, integer: false, help: 'Dropout rate on the teacher’s hidden layers.' },
};

export const DEFAULT_SETTINGS: Settings = {
  dataset: 'animals-vehicles',
  seed: 1,
  temperature: 4,
  alpha: 0.9,
  studentFraction: 0.02,
  learningRate: 0.01,
  studentEpochs: 300,
  teacherEpochs: 30,
  studentSize: '32-32',
  teacherHidden: [64, 64],
  batchSize: 32,
  teacherBatchSize: 64,
  teacherDropout: 0,
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
  return { ok: true, value };
}

export function parseStudentSize(raw: string): StudentSize | null {
  return (STUDENT_SIZES as readonly string[]).includes(raw) ? (raw as StudentSize) : null;
}

/** Hidden widths of a student size, e.g. "32-32" → [32, 32]. */
export function studentHidden(size: StudentSize): number[] {
  return size.split('-').map(Number);
}

/** Every problem with a whole settings object, field by field; empty when valid. */
export function validateSettings(settings: Settings): Partial<Record<keyof Settings, string>> {
  const problems: Partial<Record<keyof Settings, string>> = {};
  for (const field of Object.keys(NUMERIC_FIELDS) as NumericField[]) {
    const result = checkNumericField(field, settings[field]);
    if (!result.ok) problems[field] = result.message;
  }
  if (!(DATASET_NAMES as readonly string[]).includes(settings.dataset)) problems.dataset = `Unknown dataset “${settings.dataset}”.`;
  if (parseStudentSize(settings.studentSize) === null) problems.studentSize = `Unknown student size “${settings.studentSize}”.`;
  if (settings.teacherHidden.length === 0 || settings.teacherHidden.some((w) => !Number.isInteger(w) || w < 1 || w > 4096)) {
    problems.teacherHidden = 'Teacher layers must be whole numbers between 1 and 4096.';
  }
  return problems;
}

/** Throws one readable error listing every problem; used by the engine and the command line. */
export function assertValidSettings(settings: Settings): void {
  const problems = Object.values(validateSettings(settings));
  if (problems.length > 0) throw new RangeError(problems.join(' '));
}
