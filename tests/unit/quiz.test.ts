import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUESTIONS, SEED_QUESTIONS, questionsForPanel, type Question } from '../../src/quiz/questions';
import { gradeResponse, gradeSaved, responseFromText, responseToText, type Response } from '../../src/quiz/grading';
import { findPreset } from '../../src/core/presets';
import { fakeStorage, loadProgressModule, type ProgressModule } from './progress-module';
import { PUBLISHED } from '../../src/core/published';

// The seed quiz, copied verbatim from shared/seed/quiz.txt.
const seedText = readFileSync(new URL('../../src/quiz/seed-quiz.txt', import.meta.url), 'utf8');
const byId = (id: string): Question => {
  const question = QUESTIONS.find((q) => q.id === id);
  if (!question) throw new Error(`No question ${id}`);
  return question;
};

describe('the shipped quiz', () => {
  it('has the five seed questions first, word for word', () => {
    expect(SEED_QUESTIONS).toHaveLength(5);
    expect(QUESTIONS.slice(0, 5)).toEqual(SEED_QUESTIONS);
    for (const question of SEED_QUESTIONS) {
      expect(seedText).toContain(question.prompt);
      expect(seedText).toContain(question.explanation);
      if (question.kind === 'choice') for (const choice of question.choices) expect(seedText).toContain(`${choice.key}${choice.text}`);
      if (question.kind === 'short') expect(seedText).toContain(question.modelAnswer);
      expect(question.predict).toBeUndefined();
    }
  });

  it('keeps the seed answers', () => {
    const byNumber = Object.fromEntries(QUESTIONS.map((q) => [q.number, q]));
    expect(byNumber[1]).toMatchObject({ id: 'soft-vs-hard', kind: 'choice', answer: 'A' });
    expect(byNumber[2]).toMatchObject({ id: 'temperature-effect', kind: 'choice', answer: 'B' });
    expect(byNumber[3]).toMatchObject({ id: 'temperature-peaked', kind: 'true-false', answer: false });
    expect(byNumber[4]).toMatchObject({ id: 'dark-knowledge', kind: 'true-false', answer: true });
    expect(byNumber[5]).toMatchObject({ id: 'richer-supervision', kind: 'short' });
  });

  it('has at least ten questions, with unique ids and numbers 1..N in order', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(10);
    expect(new Set(QUESTIONS.map((q) => q.id)).size).toBe(QUESTIONS.length);
    expect(QUESTIONS.map((q) => q.number)).toEqual(QUESTIONS.map((_, i) => i + 1));
    for (const q of QUESTIONS) expect(q.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('places every question beside a panel, with a Try-it state that exists', () => {
    expect(questionsForPanel('distribution').length + questionsForPanel('gap').length).toBe(QUESTIONS.length);
    for (const q of QUESTIONS) {
      expect(q.tryIt.label.trim()).not.toBe('');
      if (q.tryIt.kind === 'train-preset') expect(findPreset(q.tryIt.preset), `${q.id}: preset ${q.tryIt.preset}`).toBeDefined();
      if (q.tryIt.kind === 'display-temperature') {
        expect(q.tryIt.to).toBeGreaterThan(q.tryIt.from);
        // Within the slider's range (core/settings.ts: DISPLAY_T_RANGE, 0.5 to 20).
        expect(q.tryIt.from).toBeGreaterThanOrEqual(0.5);
        expect(q.tryIt.to).toBeLessThanOrEqual(20);
      }
    }
  });

  it('gives every new question an answer among its choices and an explanation of 2–4 sentences', () => {
    for (const q of QUESTIONS.slice(5)) {
      if (q.kind === 'choice') {
        expect(q.choices.map((c) => c.key)).toContain(q.answer);
        expect(new Set(q.choices.map((c) => c.key)).size).toBe(q.choices.length);
      }
      const sentences = q.explanation.split(/(?<=[.!?])\s+(?=[A-Z'"])/).filter((s) => s.trim() !== '');
      expect(sentences.length, q.id).toBeGreaterThanOrEqual(2);
      expect(sentences.length, q.id).toBeLessThanOrEqual(4);
    }
  });

  it('covers the T² factor, the high-T limit, the omitted class, 3% of the data and a student beating its teacher', () => {
    expect(byId('soft-term-t-squared')).toMatchObject({ kind: 'choice', answer: 'B', tryIt: { kind: 'train-preset', preset: 'sweep' } });
    expect(byId('high-temperature-limit')).toMatchObject({ kind: 'choice', answer: 'B', panel: 'distribution', tryIt: { kind: 'display-temperature', from: 1, to: 20 } });
    expect(byId('omitted-class')).toMatchObject({ kind: 'choice', answer: 'B', tryIt: { kind: 'train-preset', preset: 'omitted-class' } });
    expect(byId('three-percent')).toMatchObject({ kind: 'choice', answer: 'C', tryIt: { kind: 'train-preset', preset: 'three-percent' } });
    expect(byId('student-beats-teacher')).toMatchObject({ kind: 'true-false', answer: true });
    expect(byId('student-beats-teacher').explanation).toMatch(/Furlanello/);
    expect(byId('when-soft-targets-help-least')).toMatchObject({ kind: 'choice', answer: 'B', tryIt: { kind: 'train-preset', preset: 'tiny-student' } });
  });

  it('asks about each "After the paper" preset after the existing questions, each Try it training it', () => {
    const ids = QUESTIONS.map((q) => q.id);
    expect(ids.slice(-3)).toEqual(['born-again', 'label-smoothed-teacher', 'fidelity-not-accuracy']);
    expect(byId('born-again')).toMatchObject({ kind: 'choice', answer: 'B', tryIt: { kind: 'train-preset', preset: 'born-again' } });
    expect(byId('label-smoothed-teacher')).toMatchObject({ kind: 'choice', answer: 'C', tryIt: { kind: 'train-preset', preset: 'label-smoothing' } });
    expect(byId('fidelity-not-accuracy')).toMatchObject({ kind: 'choice', answer: 'C', tryIt: { kind: 'train-preset', preset: 'fidelity' } });
    expect(byId('born-again').explanation).toMatch(/Furlanello/);
    expect(byId('label-smoothed-teacher').explanation).toMatch(/Müller, Kornblith & Hinton/);
    expect(byId('fidelity-not-accuracy').explanation).toMatch(/Stanton/);
    // Each names a later finding whose preset states the claim: the preset's published figure is that claim.
    for (const [id, kind] of [['born-again', 'born-again'], ['label-smoothed-teacher', 'label-smoothing'], ['fidelity-not-accuracy', 'fidelity']] as const) {
      const tryIt = byId(id).tryIt;
      const preset = tryIt.kind === 'train-preset' ? findPreset(tryIt.preset) : undefined;
      expect(preset?.published && PUBLISHED[preset.published].kind).toBe(kind);
    }
  });

  it('asks for a prediction on at least two questions, each with non-empty options', () => {
    const predicting = QUESTIONS.filter((q) => q.predict);
    expect(predicting.length).toBeGreaterThanOrEqual(2);
    expect(predicting.map((q) => q.id)).toEqual(expect.arrayContaining(['high-temperature-limit', 'omitted-class']));
    for (const q of predicting) {
      expect(q.predict!.prompt.trim()).not.toBe('');
      expect(q.predict!.options.length).toBeGreaterThanOrEqual(2);
      for (const option of q.predict!.options) expect(option.trim()).not.toBe('');
      expect(new Set(q.predict!.options).size).toBe(q.predict!.options.length);
    }
  });
});

describe('grading', () => {
  const q1 = byId('soft-vs-hard');
  const q3 = byId('temperature-peaked');
  const q5 = byId('richer-supervision');

  it('marks choices and true/false answers', () => {
    expect(gradeResponse(q1, { kind: 'choice', key: 'A' }).correct).toBe(true);
    expect(gradeResponse(q1, { kind: 'choice', key: 'C' })).toMatchObject({ correct: false, feedback: expect.stringContaining('the answer is A') });
    expect(gradeResponse(q3, { kind: 'true-false', value: false }).correct).toBe(true);
    expect(gradeResponse(q3, { kind: 'true-false', value: true }).correct).toBe(false);
  });

  it('compares a short answer with the key ideas', () => {
    const good = gradeResponse(q5, { kind: 'short', text: 'Soft targets give probability to wrong classes, showing which classes are similar, so the student generalises better.' });
    expect(good.ideasFound?.every((i) => i.found)).toBe(true);
    const thin = gradeResponse(q5, { kind: 'short', text: 'Because it is better.' });
    expect(thin.ideasFound?.filter((i) => i.found)).toHaveLength(0);
    expect(gradeResponse(q5, { kind: 'short', text: ' ' }).feedback).toMatch(/Write a sentence/);
  });

  it.each([
    ['soft-term-t-squared', 'B', 'A'],
    ['high-temperature-limit', 'B', 'A'],
    ['omitted-class', 'B', 'A'],
    ['three-percent', 'C', 'B'],
    ['when-soft-targets-help-least', 'B', 'C'],
    ['born-again', 'B', 'A'],
    ['label-smoothed-teacher', 'C', 'B'],
    ['fidelity-not-accuracy', 'C', 'A'],
  ])('marks %s: %s right, %s wrong', (id, right, wrong) => {
    const q = byId(id);
    expect(gradeResponse(q, { kind: 'choice', key: right })).toEqual({ correct: true, feedback: `Correct: ${right}.` });
    expect(gradeResponse(q, { kind: 'choice', key: wrong })).toEqual({ correct: false, feedback: `Not quite: you chose ${wrong}; the answer is ${right}.` });
  });

  it('marks student-beats-teacher: True', () => {
    const q = byId('student-beats-teacher');
    expect(gradeResponse(q, { kind: 'true-false', value: true })).toEqual({ correct: true, feedback: 'Correct: True.' });
    expect(gradeResponse(q, { kind: 'true-false', value: false })).toEqual({ correct: false, feedback: 'Not quite: the answer is True.' });
  });

  it('rejects a response of the wrong kind', () => {
    expect(() => gradeResponse(byId('student-beats-teacher'), { kind: 'choice', key: 'A' })).toThrow(TypeError);
  });

  it('turns responses into saved text and back, and grades saved text again', () => {
    const cases: [Question, Response][] = [
      [q1, { kind: 'choice', key: 'C' }],
      [q3, { kind: 'true-false', value: false }],
      [q3, { kind: 'true-false', value: true }],
      [q5, { kind: 'short', text: 'Soft targets carry similarity.' }],
    ];
    for (const [question, response] of cases) {
      const text = responseToText(response);
      expect(responseFromText(question, text)).toEqual(response);
      expect(gradeSaved(question, text)).toEqual(gradeResponse(question, response));
    }
    // Text that cannot answer the question (a choice that does not exist, not a boolean) is not an answer.
    expect(responseFromText(q1, 'Z')).toBeNull();
    expect(responseFromText(q3, 'yes')).toBeNull();
    expect(gradeSaved(q1, 'Z')).toBeNull();
  });
});

// ——— quiz progress (a .svelte.ts module, compiled by progress-module.ts) ———

const throwingStorage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = {
  getItem: () => {
    throw new Error('SecurityError: storage is disabled');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError: storage is disabled');
  },
};

describe('quiz progress', () => {
  let mod: ProgressModule;
  beforeAll(async () => {
    mod = await loadProgressModule();
  });

  it('saves answers and predictions to storage under dkl.quiz.v1, as JSON', () => {
    const storage = fakeStorage();
    const progress = new mod.QuizProgress(storage);
    expect(progress.answeredCount).toBe(0);
    progress.predict('omitted-class', 'Most of them');
    progress.record('omitted-class', { correct: true, response: 'B' });
    progress.record('three-percent', { correct: false, response: 'A' });
    progress.record('richer-supervision', { correct: null, response: 'Soft targets carry similarity.' });
    expect(progress.answeredCount).toBe(3);
    expect(progress.correctCount).toBe(1);
    expect(progress.answerFor('omitted-class')).toEqual({ correct: true, response: 'B', predicted: 'Most of them' });
    const saved = JSON.parse(storage.data.get(mod.QUIZ_PROGRESS_KEY)!);
    expect(mod.QUIZ_PROGRESS_KEY).toBe('dkl.quiz.v1');
    expect(saved.answers['three-percent']).toEqual({ correct: false, response: 'A' });
    expect(saved.predictions).toEqual({ 'omitted-class': 'Most of them' });
  });

  it('restores saved progress in a new instance (a reload)', () => {
    const storage = fakeStorage();
    const first = new mod.QuizProgress(storage);
    first.predict('high-temperature-limit', 'Rise towards its maximum');
    first.record('student-beats-teacher', { correct: true, response: 'true' });
    const second = new mod.QuizProgress(storage);
    expect(second.answerFor('student-beats-teacher')).toEqual({ correct: true, response: 'true' });
    expect(second.predictionFor('high-temperature-limit')).toBe('Rise towards its maximum');
    expect(second.answerFor('high-temperature-limit')).toBeUndefined();
    expect(second.answeredCount).toBe(1);
    expect(second.correctCount).toBe(1);
  });

  it('clears one question (Answer again) and resets everything', () => {
    const storage = fakeStorage();
    const progress = new mod.QuizProgress(storage);
    progress.predict('omitted-class', 'A few');
    progress.record('omitted-class', { correct: false, response: 'A' });
    progress.record('soft-vs-hard', { correct: true, response: 'A' });
    progress.clear('omitted-class');
    expect(progress.answerFor('omitted-class')).toBeUndefined();
    expect(progress.predictionFor('omitted-class')).toBeUndefined();
    expect(new mod.QuizProgress(storage).answeredCount).toBe(1);
    progress.reset();
    expect(progress.answeredCount).toBe(0);
    expect(progress.correctCount).toBe(0);
    expect(storage.data.has(mod.QUIZ_PROGRESS_KEY)).toBe(false);
    expect(new mod.QuizProgress(storage).answeredCount).toBe(0);
  });

  it('survives corrupt or malformed storage, keeping the well-formed entries', () => {
    for (const text of ['{not json', 'null', '42', '[]', '"text"', '{"answers":[1,2]}']) {
      const progress = new mod.QuizProgress(fakeStorage({ [mod.QUIZ_PROGRESS_KEY]: text }));
      expect(progress.answeredCount).toBe(0);
      progress.record('soft-vs-hard', { correct: true, response: 'A' });
      expect(progress.correctCount).toBe(1);
    }
    const mixed = JSON.stringify({
      answers: { 'soft-vs-hard': { correct: true, response: 'A' }, 'temperature-effect': { correct: 'yes', response: 'A' }, 'omitted-class': { correct: null }, 'three-percent': 7 },
      predictions: { 'omitted-class': 'Most of them', 'soft-vs-hard': 3 },
    });
    const progress = new mod.QuizProgress(fakeStorage({ [mod.QUIZ_PROGRESS_KEY]: mixed }));
    // A mark of the wrong type is not trusted: the answer is marked again, as its card grades it.
    expect(progress.answers).toEqual({ 'soft-vs-hard': { correct: true, response: 'A' }, 'temperature-effect': { correct: false, response: 'A' } });
    expect(progress.predictions).toEqual({ 'omitted-class': 'Most of them' });
  });

  it('drops stored answers and predictions too long, or predictions that are not an option of their question', () => {
    const withPrediction = QUESTIONS.find((q) => q.predict)!;
    const option = withPrediction.predict!.options[0]!;
    const text = JSON.stringify({
      answers: { [withPrediction.id]: { correct: true, response: 'A', predicted: 'x'.repeat(100_000) }, huge: { correct: null, response: 'y'.repeat(100_000) } },
      predictions: { [withPrediction.id]: 'not an option', other: 'z'.repeat(100_000) },
    });
    const progress = new mod.QuizProgress(fakeStorage({ [mod.QUIZ_PROGRESS_KEY]: text }));
    expect(progress.answers).toEqual({ [withPrediction.id]: { correct: gradeSaved(withPrediction, 'A')!.correct, response: 'A' } });
    expect(progress.predictions).toEqual({});
    const valid = JSON.stringify({ answers: {}, predictions: { [withPrediction.id]: option } });
    expect(new mod.QuizProgress(fakeStorage({ [mod.QUIZ_PROGRESS_KEY]: valid })).predictions).toEqual({ [withPrediction.id]: option });
  });

  it('drops saved entries for questions not in the list it reads against', () => {
    const withPrediction = QUESTIONS.find((q) => q.predict)!;
    const text = JSON.stringify({ answers: { 'soft-vs-hard': { correct: true, response: 'A' }, gone: { correct: true, response: 'A' } }, predictions: { gone: 'x', [withPrediction.id]: withPrediction.predict!.options[0] } });
    const progress = new mod.QuizProgress(fakeStorage({ [mod.QUIZ_PROGRESS_KEY]: text }), QUESTIONS.filter((q) => q !== withPrediction));
    expect(Object.keys(progress.answers)).toEqual(['soft-vs-hard']);
    expect(progress.predictions).toEqual({});
    expect(progress.problem).toMatch(/ignored the entries for “gone”, “[a-z-]+”/);
  });

  it('falls back to memory when storage throws, or there is none', () => {
    for (const storage of [throwingStorage, null]) {
      const progress = new mod.QuizProgress(storage);
      expect(() => {
        progress.predict('omitted-class', 'Most of them');
        progress.record('omitted-class', { correct: true, response: 'B' });
      }).not.toThrow();
      expect(progress.answeredCount).toBe(1);
      expect(progress.answerFor('omitted-class')?.predicted).toBe('Most of them');
      expect(() => progress.clear('omitted-class')).not.toThrow();
      expect(() => progress.reset()).not.toThrow();
      expect(progress.answeredCount).toBe(0);
    }
  });

  it('has a shared instance, which works without localStorage (as in Node)', () => {
    expect(mod.quizProgress).toBeInstanceOf(mod.QuizProgress);
    expect(mod.browserStorage()).toBeNull();
    expect(mod.quizProgress.answeredCount).toBe(0);
  });
});
