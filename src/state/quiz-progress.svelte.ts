/**
 * Quiz progress kept in the browser: each question's last answer (and the
 * prediction locked in before running the simulator), as Svelte 5 runes,
 * saved to localStorage under `dkl.quiz.v1`. Storage that is missing, full,
 * corrupt or throwing never breaks the quiz: progress then lives in memory.
 * A stored answer is read back only as its card would show it (graded again),
 * so a hand-edited store cannot make the tally disagree with the cards; what
 * was dropped or re-marked is named in `problem`, for a notice.
 */
import { QUESTIONS, type Question } from '../quiz/questions';
import { gradeSaved } from '../quiz/grading';

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
/** Question ids a problem names at most, each cut to this many characters. */
const NAMED_IDS = 5;
const ID_CHARS = 40;

/** Whether `value` can be a prediction for `question`: one of its options. */
function isPrediction(question: Question, value: unknown): value is string {
  return typeof value === 'string' && (question.predict?.options.includes(value) ?? false);
}

/** The answer as its card shows it: graded again (the stored mark is not trusted); null when no card would show it. */
function parseAnswer(question: Question, value: unknown): QuizAnswer | null {
  if (!isRecord(value)) return null;
  const { response, predicted } = value;
  if (typeof response !== 'string' || response.length > MAX_RESPONSE_CHARS) return null;
  const grade = gradeSaved(question, response);
  if (!grade) return null;
  return isPrediction(question, predicted) ? { correct: grade.correct, response, predicted } : { correct: grade.correct, response };
}

/** Whether two stored entries hold the same fields and values (key order aside). */
function sameEntry(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

/** “a”, “b” and 3 more: ids quoted short. */
function idList(ids: readonly string[]): string {
  const quoted = ids.slice(0, NAMED_IDS).map((id) => `“${[...id].length > ID_CHARS ? `${[...id].slice(0, ID_CHARS - 1).join('')}…` : id}”`);
  return ids.length > NAMED_IDS ? `${quoted.join(', ')} and ${ids.length - NAMED_IDS} more` : quoted.join(', ');
}

/**
 * Read saved progress against `questions`, keeping each entry as its card shows it: answers graded
 * again, and dropped when no card accepts them (an unknown question, a choice that does not exist,
 * too long, a wrong type); predictions only as options of their question, an answer's prediction
 * being its question's locked one. `problem` names what was dropped or changed; null when nothing was.
 */
export function parseProgress(text: string | null, questions: readonly Question[] = QUESTIONS): SavedProgress & { problem: string | null } {
  const progress: SavedProgress = { answers: {}, predictions: {} };
  if (text === null) return { ...progress, problem: null };
  const unreadable = (why: string) => ({ ...progress, problem: `The saved quiz progress ${why} and was cleared.` });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return unreadable('is not valid JSON');
  }
  if (!isRecord(data) || (data.answers !== undefined && !isRecord(data.answers)) || (data.predictions !== undefined && !isRecord(data.predictions))) {
    return unreadable('is in an unknown format');
  }
  const byId = new Map(questions.map((question) => [question.id, question]));
  const dropped: string[] = [];
  const remarked: string[] = [];
  for (const [id, value] of Object.entries(data.answers ?? {})) {
    const question = byId.get(id);
    const answer = question ? parseAnswer(question, value) : null;
    if (!answer) dropped.push(id);
    else {
      progress.answers[id] = answer;
      if (!sameEntry(answer as unknown as Record<string, unknown>, value as Record<string, unknown>)) remarked.push(id);
    }
  }
  for (const [id, value] of Object.entries(data.predictions ?? {})) {
    const question = byId.get(id);
    if (question && isPrediction(question, value)) progress.predictions[id] = value;
    else dropped.push(id);
  }
  // The card shows the answer's prediction as the one locked in: they must be the same.
  for (const [id, answer] of Object.entries(progress.answers)) {
    if (answer.predicted === undefined || progress.predictions[id] === answer.predicted) continue;
    if (!remarked.includes(id)) remarked.push(id);
    progress.predictions[id] = answer.predicted;
  }
  const parts = [
    ...(dropped.length > 0 ? [`ignored the entries for ${idList([...new Set(dropped)])} (no question here, or not an answer to it)`] : []),
    ...(remarked.length > 0 ? [`re-marked ${idList(remarked)} to match ${remarked.length === 1 ? 'its saved answer' : 'their saved answers'} (a mark, a prediction or a field that did not fit)`] : []),
  ];
  return { ...progress, problem: parts.length > 0 ? `The saved quiz progress had been edited: ${parts.join('; ')}.` : null };
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
  /** What could not be read back from storage, or was changed to match the cards; null when all was well. */
  readonly problem: string | null;

  readonly answeredCount = $derived(Object.keys(this.answers).length);
  readonly correctCount = $derived(Object.values(this.answers).filter((answer) => answer.correct === true).length);

  private readonly storage: ProgressStorage | null;

  /**
   * @param storage where progress is saved; null keeps it in memory only.
   * @param questions the questions stored progress is read against (entries for others are dropped).
   */
  constructor(storage: ProgressStorage | null = browserStorage(), questions: readonly Question[] = QUESTIONS) {
    this.storage = storage;
    let text: string | null = null;
    try {
      text = storage?.getItem(QUIZ_PROGRESS_KEY) ?? null;
    } catch {
      text = null;
    }
    const saved = parseProgress(text, questions);
    this.answers = saved.answers;
    this.predictions = saved.predictions;
    this.problem = saved.problem;
    // Stored as read, so the problem is named once, not on every visit.
    if (saved.problem) this.save();
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
export const quizProgress = new QuizProgress(browserStorage(), QUESTIONS);
