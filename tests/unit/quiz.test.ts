import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { QUESTIONS, questionsForPanel } from '../../src/quiz/questions';
import { gradeResponse } from '../../src/quiz/grading';
import { findPreset } from '../../src/core/presets';

// The seed quiz, copied verbatim from shared/seed/quiz.txt.
const seedText = readFileSync(new URL('../../src/quiz/seed-quiz.txt', import.meta.url), 'utf8');

describe('the shipped quiz', () => {
  it('has the five seed questions, word for word', () => {
    expect(QUESTIONS).toHaveLength(5);
    for (const question of QUESTIONS) {
      expect(seedText).toContain(question.prompt);
      expect(seedText).toContain(question.explanation);
      if (question.kind === 'choice') for (const choice of question.choices) expect(seedText).toContain(`${choice.key}${choice.text}`);
      if (question.kind === 'short') expect(seedText).toContain(question.modelAnswer);
    }
  });

  it('keeps the seed answers', () => {
    const byNumber = Object.fromEntries(QUESTIONS.map((q) => [q.number, q]));
    expect(byNumber[1]).toMatchObject({ kind: 'choice', answer: 'A' });
    expect(byNumber[2]).toMatchObject({ kind: 'choice', answer: 'B' });
    expect(byNumber[3]).toMatchObject({ kind: 'true-false', answer: false });
    expect(byNumber[4]).toMatchObject({ kind: 'true-false', answer: true });
    expect(byNumber[5]).toMatchObject({ kind: 'short' });
  });

  it('places every question beside a panel, with a Try-it state that exists', () => {
    expect(questionsForPanel('distribution').length + questionsForPanel('gap').length).toBe(5);
    for (const q of QUESTIONS) {
      if (q.tryIt.kind === 'train-preset') expect(findPreset(q.tryIt.preset)).toBeDefined();
      if (q.tryIt.kind === 'display-temperature') expect(q.tryIt.to).toBeGreaterThan(q.tryIt.from);
    }
  });
});

describe('grading', () => {
  const byId = (id: string) => QUESTIONS.find((q) => q.id === id)!;
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
});
