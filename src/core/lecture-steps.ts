/**
 * The guided lecture: the paper's story in seven steps, about five minutes with
 * the shipped teachers — soft against hard targets, temperature, dark knowledge,
 * the paper's MNIST, the omitted class, 3% of the data. Each step is a preset,
 * a display temperature, an example to select, the panel to point at, one
 * sentence for the room and the quiz question it illustrates. The lecturer
 * steps with Page Down / Page Up (or N / P, or a clicker); `step=N` in a link
 * opens that step. Pure data and lookups, tested in Node.
 */
import { findPreset, type PanelName, type PresetName } from './presets';

export interface LectureStep {
  /** Stable, for tests and the step list. */
  id: string;
  /** A few words, for the step list. */
  title: string;
  preset: PresetName;
  displayTemperature: number;
  /** 'first' keeps the test example selected now; 'darkest' selects the one the teacher finds most like another class. */
  select: 'keep' | 'darkest';
  panel: PanelName;
  /** One sentence for the audience. */
  say: string;
  /** The quiz question the step illustrates (its id in src/quiz). */
  question: string;
  /** Start training when the step opens, unless this preset's run is already trained or training. */
  train: boolean;
}

export const LECTURE_STEPS: readonly LectureStep[] = [
  {
    id: 'soft-vs-hard',
    title: 'Soft against hard targets',
    preset: 'low-data',
    displayTemperature: 4,
    select: 'keep',
    panel: 'gap',
    say: 'Two identical students, the same 2% of the points, the same start: one learns the labels, one the teacher’s probabilities. Watch their test accuracy.',
    question: 'soft-vs-hard',
    train: true,
  },
  {
    id: 'temperature-one',
    title: 'T = 1: a sure teacher',
    preset: 'low-data',
    displayTemperature: 1,
    select: 'darkest',
    panel: 'distribution',
    say: 'At T = 1 the teacher is nearly certain: what it thinks of the wrong classes is too small to see.',
    question: 'temperature-effect',
    train: true,
  },
  {
    id: 'temperature-high',
    title: 'Raise the temperature',
    preset: 'low-data',
    displayTemperature: 8,
    select: 'keep',
    panel: 'distribution',
    say: 'The same logits divided by T = 8: a flatter distribution, and the wrong classes the teacher finds plausible appear.',
    question: 'temperature-peaked',
    train: true,
  },
  {
    id: 'dark-knowledge',
    title: 'Dark knowledge',
    preset: 'dark-matrix',
    displayTemperature: 5,
    select: 'darkest',
    panel: 'dark-matrix',
    say: 'Over 10,000 handwritten digits: which digits the teacher finds alike — 4 and 9, 3 and 5 — knowledge no label carries.',
    question: 'dark-knowledge',
    train: true,
  },
  {
    id: 'paper-mnist',
    title: 'The paper’s MNIST',
    preset: 'paper-mnist',
    displayTemperature: 4,
    select: 'keep',
    panel: 'paper',
    say: 'The paper’s experiment at lecture scale: the student on soft targets closes part of the gap to its large teacher.',
    question: 'richer-supervision',
    train: true,
  },
  {
    id: 'omitted-class',
    title: 'A class never seen',
    preset: 'omitted-class',
    displayTemperature: 4,
    select: 'keep',
    panel: 'omitted',
    say: 'These students never saw a 3. The hard one never answers 3; the soft one recognises most 3s once one bias is raised.',
    question: 'omitted-class',
    train: true,
  },
  {
    id: 'three-percent',
    title: '3% of the data',
    preset: 'three-percent',
    displayTemperature: 4,
    select: 'keep',
    panel: 'gap',
    say: 'With 3% of the digits, hard labels overfit; soft targets keep train and test accuracy close together.',
    question: 'three-percent',
    train: true,
  },
];

/** The step for a 1-based number from a link, or null if there is none. */
export function stepAt(number: number): LectureStep | null {
  return Number.isInteger(number) && number >= 1 && number <= LECTURE_STEPS.length ? LECTURE_STEPS[number - 1]! : null;
}

/** Every step names a real preset and a display temperature in range; thrown at test time if not. */
export function checkLectureSteps(questionIds: readonly string[], displayRange: { min: number; max: number }): string[] {
  const problems: string[] = [];
  for (const step of LECTURE_STEPS) {
    if (!findPreset(step.preset)) problems.push(`${step.id}: no preset ${step.preset}`);
    if (!questionIds.includes(step.question)) problems.push(`${step.id}: no question ${step.question}`);
    if (step.displayTemperature < displayRange.min || step.displayTemperature > displayRange.max) problems.push(`${step.id}: display T out of range`);
  }
  return problems;
}
