/**
 * Quiz progress kept in the browser: each question's last answer (and the
 * prediction locked in before running the simulator), as Svelte 5 runes,
 * saved to localStorage under `dkl.quiz.v1`. Storage that is missing, full,
 * corrupt or throwing never breaks the quiz: progress then lives in memory.
 */
import { QUESTIONS } from '../quiz/questions';

export const QUIZ_PROGRESS_KEY = 'dkl.quiz.v1';

export interface QuizAnswer {
  /** Right or wrong; null for a short answer, which is compared with the model answer rather than marked. */
  correct: boolean | null;
  /** The answer as text: a choice key, 'true' / 'false', or what was written. */
  response: string;
  /** The prediction locked in before the simulator ran, for a question that asks for one. */
  predicted?: string;
}

export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What is saved: answers, and predictions locked in (answered or not yet). */
interface SavedProgress {
  answers: Record<string, QuizAnswer>;
  predictions: Record<string, string>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Longest stored answer read back (a short answer is a few sentences); an edited store may hold anything. */
export const MAX_RESPONSE_CHARS = 2000;
/** Longest stored prediction read back, for questions not in the shipped list (those must be one of its options). */
export const MAX_PREDICTION_CHARS = 200;

/** Whether `value` can be a prediction for question `id`: one of its options when the question is known. */
function isPrediction(id: string, value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_PREDICTION_CHARS) return false;
  const options = QUESTIONS.find((question) => question.id === id)?.predict?.options;
  return !options || options.includes(value);
}

function parseAnswer(id: string, value: unknown): QuizAnswer | null {
  if (!isRecord(value)) return null;
  const { correct, response, predicted } = value;
  if (!(correct === null || typeof correct === 'boolean') || typeof response !== 'string' || response.length > MAX_RESPONSE_CHARS) return null;
  return isPrediction(id, predicted) ? { correct, response, predicted } : { correct, response };
}

/**
 * Read saved progress, keeping every well-formed entry and dropping the rest
 * (too long, a prediction that is not one of its question's options, and, when
 * `knownIds` is given, entries for questions that no longer exist).
 */
export function parseProgress(text: string | null, knownIds?: readonly string[]): SavedProgress {
  const progress: SavedProgress = { answers: {}, predictions: {} };
  if (text === null) return progress;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return progress;
  }
  if (!isRecord(data)) return progress;
  const known = (id: string) => !knownIds || knownIds.includes(id);
  if (isRecord(data.answers)) {
    for (const [id, value] of Object.entries(data.answers)) {
      const answer = parseAnswer(id, value);
      if (answer && known(id)) progress.answers[id] = answer;
    }
  }
  if (isRecord(data.predictions)) {
    for (const [id, value] of Object.entries(data.predictions)) {
      if (isPrediction(id, value) && known(id)) progress.predictions[id] = value;
    }
  }
  return progress;
}

/** The page's localStorage, or null where there is none or touching it throws (private modes, sandboxed frames). */
export function browserStorage(): ProgressStorage | null {
  try {
    const storage = (globalThis as { localStorage?: ProgressStorage }).localStorage;
    return storage && typeof storage.getItem === 'function' ? storage : null;
  } catch {
    return null;
  }
}

export class QuizProgress {
  /** Answers by question id. */
  answers = $state<Record<string, QuizAnswer>>({});
  /** Predictions locked in, by question id. */
  predictions = $state<Record<string, string>>({});

  readonly answeredCount = $derived(Object.keys(this.answers).length);
  readonly correctCount = $derived(Object.values(this.answers).filter((answer) => answer.correct === true).length);

  private readonly storage: ProgressStorage | null;

  /**
   * @param storage where progress is saved; null keeps it in memory only.
   * @param knownIds question ids to keep when loading (others are dropped); all when omitted.
   */
  constructor(storage: ProgressStorage | null = browserStorage(), knownIds?: readonly string[]) {
    this.storage = storage;
    let text: string | null = null;
    try {
      text = storage?.getItem(QUIZ_PROGRESS_KEY) ?? null;
    } catch {
      text = null;
    }
    const saved = parseProgress(text, knownIds);
    this.answers = saved.answers;
    this.predictions = saved.predictions;
  }

  answerFor(id: string): QuizAnswer | undefined {
    return this.answers[id];
  }

  predictionFor(id: string): string | undefined {
    return this.predictions[id];
  }

  /** Keep an answer; the prediction locked in for this question, if any, goes with it. */
  record(id: string, answer: QuizAnswer): void {
    const predicted = answer.predicted ?? this.predictions[id];
    this.answers[id] = predicted === undefined ? { correct: answer.correct, response: answer.response } : { correct: answer.correct, response: answer.response, predicted };
    if (predicted !== undefined) this.predictions[id] = predicted;
    this.save();
  }

  /** Lock in a prediction for a question, before its answer. */
  predict(id: string, option: string): void {
    this.predictions[id] = option;
    this.save();
  }

  /** Forget one question's answer and prediction ("Answer again"). */
  clear(id: string): void {
    delete this.answers[id];
    delete this.predictions[id];
    this.save();
  }

  /** Forget everything, here and in storage. */
  reset(): void {
    this.answers = {};
    this.predictions = {};
    try {
      this.storage?.removeItem(QUIZ_PROGRESS_KEY);
    } catch {
      // Storage unavailable: memory is already clear.
    }
  }

  private save(): void {
    if (!this.storage) return;
    const saved: SavedProgress = { answers: $state.snapshot(this.answers), predictions: $state.snapshot(this.predictions) };
    try {
      this.storage.setItem(QUIZ_PROGRESS_KEY, JSON.stringify(saved));
    } catch {
      // Full or refused (quota, private mode): progress stays in memory for this visit.
    }
  }
}

/** The page's quiz progress, shared by every card. */
export const quizProgress = new QuizProgress(
  browserStorage(),
  QUESTIONS.map((question) => question.id),
);
