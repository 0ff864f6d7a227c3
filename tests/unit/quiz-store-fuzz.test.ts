/**
 * An edited quiz store never makes the tally disagree with the cards (issue 10, item 6).
 * The cards grade each saved answer again (QuizCard.svelte: gradeSaved); the tally
 * counts the progress it loaded. Seeded random stores — answers for unknown
 * questions, responses no card accepts, marks that contradict the answer, wrong
 * types, markup and long ids — must give a tally equal to what the cards show,
 * and whatever was dropped or changed is named in the progress's problem.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/core/rng';
import { QUESTIONS } from '../../src/quiz/questions';
import { gradeSaved } from '../../src/quiz/grading';
import { fakeStorage, loadProgressModule, type ProgressModule } from './progress-module';
import { MARKUP } from './hostile-links';

type Progress = InstanceType<ProgressModule['QuizProgress']>;

/** What the cards show, as QuizCard.svelte works it out from the progress: each saved answer graded again. */
function cards(progress: Progress) {
  return QUESTIONS.map((question) => {
    const saved = progress.answerFor(question.id);
    const grade = saved ? gradeSaved(question, saved.response) : null;
    return { id: question.id, answered: grade !== null, correct: grade?.correct === true, locked: progress.predictionFor(question.id), predicted: saved?.predicted };
  });
}

/** Every way the tally and the cards disagree; empty when they agree. */
function disagreements(progress: Progress): string[] {
  const shown = cards(progress);
  const found: string[] = [];
  const answered = shown.filter((card) => card.answered).length;
  const correct = shown.filter((card) => card.correct).length;
  if (progress.answeredCount !== answered) found.push(`tally says ${progress.answeredCount} answered, the cards show ${answered}`);
  if (progress.correctCount !== correct) found.push(`tally says ${progress.correctCount} correct, the cards show ${correct}`);
  if (progress.answeredCount > QUESTIONS.length) found.push(`${progress.answeredCount} answered of ${QUESTIONS.length}`);
  for (const card of shown) {
    if (card.predicted !== undefined && card.locked !== card.predicted) found.push(`${card.id} shows two predictions, ${card.locked} and ${card.predicted}`);
  }
  return found;
}

const ids = QUESTIONS.map((question) => question.id);
const pick = <T>(rng: Rng, list: readonly T[]): T => list[rng.int(list.length)]!;

function randomResponse(rng: Rng, id: string): unknown {
  const question = QUESTIONS.find((q) => q.id === id);
  const keys = question?.kind === 'choice' ? question.choices.map((choice) => choice.key) : ['true', 'false'];
  return pick(rng, [...keys, ...keys, 'Z', 'yes', '', 'A ', 'True', 'x'.repeat(3000), 5, null, ['A'], MARKUP[0]!]);
}

function randomPrediction(rng: Rng, id: string): unknown {
  const options = QUESTIONS.find((q) => q.id === id)?.predict?.options ?? [];
  return pick(rng, [...options, ...options, 'not an option', '', 3, null, MARKUP[1]!]);
}

/** A hand-edited store: the text of one seed, with its duplicated keys written out (JSON.parse keeps the last). */
function randomStore(seed: number): string {
  const rng = createRng(seed);
  const roll = rng.next();
  if (roll < 0.05) return pick(rng, ['{not json', 'null', '42', '[]', '"text"', '{"answers":[1,2]}', '{"answers":{"a":1}', '']);
  const id = () => (rng.next() < 0.8 ? pick(rng, ids) : pick(rng, ['gone', '__proto__', 'constructor', 'toString', '', 'k'.repeat(500), ...MARKUP]));
  const entries = (count: number, value: (id: string) => string) =>
    Array.from({ length: count }, () => {
      const key = id();
      return `${JSON.stringify(key)}:${value(key)}`;
    }).join(',');
  const answer = (key: string) => {
    if (rng.next() < 0.1) return JSON.stringify(pick(rng, [1, 'A', null, [], true]));
    const fields: Record<string, unknown> = { correct: pick(rng, [true, false, null, true, false, 'yes', 1]), response: randomResponse(rng, key) };
    if (rng.next() < 0.3) fields.predicted = randomPrediction(rng, key);
    if (rng.next() < 0.05) fields.extra = MARKUP[2]!;
    if (rng.next() < 0.05) delete fields[pick(rng, ['correct', 'response'])];
    return JSON.stringify(fields);
  };
  const answers = `{${entries(rng.int(12), answer)}}`;
  const predictions = `{${entries(rng.int(5), (key) => JSON.stringify(randomPrediction(rng, key)))}}`;
  return `{"answers":${rng.next() < 0.05 ? '"oops"' : answers},"predictions":${predictions}}`;
}

describe('quiz store fuzz', () => {
  let mod: ProgressModule;
  beforeAll(async () => {
    mod = await loadProgressModule();
  });

  it('the check sees a tally the cards contradict', () => {
    const wrong = QUESTIONS.find((q) => q.kind === 'choice' && q.choices.length > 1)!;
    const wrongKey = wrong.kind === 'choice' ? wrong.choices.find((choice) => choice.key !== wrong.answer)!.key : '';
    const progress = new mod.QuizProgress(fakeStorage());
    progress.record(wrong.id, { correct: true, response: wrongKey });
    expect(disagreements(progress)).toEqual(['tally says 1 correct, the cards show 0']);
  });

  it('an answer whose mark contradicts it, or that no card accepts, is re-marked or dropped, and named', () => {
    const choice = QUESTIONS.find((q) => q.kind === 'choice')!;
    const wrongKey = choice.kind === 'choice' ? choice.choices.find((c) => c.key !== choice.answer)!.key : '';
    const text = JSON.stringify({ answers: { [choice.id]: { correct: true, response: wrongKey }, gone: { correct: true, response: 'A' }, [QUESTIONS[1]!.id]: { correct: true, response: 'Z' } }, predictions: {} });
    const progress = new mod.QuizProgress(fakeStorage({ [mod.QUIZ_PROGRESS_KEY]: text }));
    expect(disagreements(progress)).toEqual([]);
    expect(progress.answerFor(choice.id)).toEqual({ correct: false, response: wrongKey });
    expect(progress.answeredCount).toBe(1);
    expect(progress.correctCount).toBe(0);
    expect(progress.problem).toMatch(/“gone”/);
    expect(progress.problem).toMatch(new RegExp(`“${QUESTIONS[1]!.id}”`));
    expect(progress.problem).toMatch(new RegExp(`re-marked “${choice.id}”`));
    // Stored as read: the next visit finds nothing to name.
    const storage = fakeStorage({ [mod.QUIZ_PROGRESS_KEY]: text });
    expect(new mod.QuizProgress(storage).problem).not.toBeNull();
    const again = new mod.QuizProgress(storage);
    expect(again.problem).toBeNull();
    expect(again.answers).toEqual(progress.answers);
    const garbage = fakeStorage({ [mod.QUIZ_PROGRESS_KEY]: '{not json' });
    expect(new mod.QuizProgress(garbage).problem).toMatch(/not valid JSON/);
    expect(new mod.QuizProgress(garbage).problem).toBeNull();
    expect(new mod.QuizProgress(fakeStorage()).problem).toBeNull();
  });

  it('1,000 hand-edited stores: the tally equals what the cards show, and anything changed is named', () => {
    const failures: string[] = [];
    let named = 0;
    for (let seed = 1; seed <= 1000 && failures.length < 10; seed++) {
      const text = randomStore(seed);
      const progress = new mod.QuizProgress(fakeStorage({ [mod.QUIZ_PROGRESS_KEY]: text }));
      const found = disagreements(progress);
      // Kept as stored, or the change named: the progress read back equals the store, or there is a problem to show.
      let raw: unknown = null;
      try {
        raw = JSON.parse(text);
      } catch {
        // Not JSON: a problem must say so.
      }
      const same = JSON.stringify(canonical({ answers: progress.answers, predictions: progress.predictions })) === JSON.stringify(canonical(raw));
      if (!same && progress.problem === null) found.push('changed in silence');
      if (progress.problem !== null) named++;
      if ((progress.problem?.length ?? 0) > 1000) found.push(`a problem of ${progress.problem!.length} characters`);
      if (found.length > 0) failures.push(`seed ${seed}: ${text.slice(0, 300)}\n  ${found.join('\n  ')}`);
    }
    expect(failures.join('\n')).toBe('');
    expect(named).toBeGreaterThan(500);
  });
});

/** Objects with sorted keys, so two stores compare by content. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}
