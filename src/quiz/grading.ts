/** Grading quiz answers (pure): right or wrong, with feedback text. */
import type { Question } from './questions';

export type Response = { kind: 'choice'; key: string } | { kind: 'true-false'; value: boolean } | { kind: 'short'; text: string };

export interface Grade {
  /** null for a short answer, which is compared with the model answer rather than marked. */
  correct: boolean | null;
  feedback: string;
  /** For short answers: which key ideas the text mentions. */
  ideasFound?: { idea: string; found: boolean }[];
}

export function gradeResponse(question: Question, response: Response): Grade {
  switch (question.kind) {
    case 'choice': {
      if (response.kind !== 'choice') throw new TypeError('Expected a choice');
      const correct = response.key === question.answer;
      return { correct, feedback: correct ? `Correct: ${question.answer}.` : `Not quite: you chose ${response.key}; the answer is ${question.answer}.` };
    }
    case 'true-false': {
      if (response.kind !== 'true-false') throw new TypeError('Expected true or false');
      const correct = response.value === question.answer;
      const answer = question.answer ? 'True' : 'False';
      return { correct, feedback: correct ? `Correct: ${answer}.` : `Not quite: the answer is ${answer}.` };
    }
    case 'short': {
      if (response.kind !== 'short') throw new TypeError('Expected a text answer');
      const text = response.text.toLowerCase();
      if (text.trim().length < 3) return { correct: null, feedback: 'Write a sentence or two first, then compare it with the model answer.' };
      const ideasFound = question.keyIdeas.map(({ idea, stems }) => ({ idea, found: stems.some((stem) => text.includes(stem)) }));
      const count = ideasFound.filter((i) => i.found).length;
      return {
        correct: null,
        feedback: `Your answer touches ${count} of ${ideasFound.length} key ideas. Compare it with the model answer below.`,
        ideasFound,
      };
    }
  }
}

/** A response as the text kept in quiz progress: a choice key, 'true' / 'false', or the answer written. */
export function responseToText(response: Response): string {
  switch (response.kind) {
    case 'choice':
      return response.key;
    case 'true-false':
      return response.value ? 'true' : 'false';
    case 'short':
      return response.text;
  }
}

/** The response a saved text stands for, for this question; null when the text cannot be an answer to it. */
export function responseFromText(question: Question, text: string): Response | null {
  switch (question.kind) {
    case 'choice':
      return question.choices.some((choice) => choice.key === text) ? { kind: 'choice', key: text } : null;
    case 'true-false':
      return text === 'true' ? { kind: 'true-false', value: true } : text === 'false' ? { kind: 'true-false', value: false } : null;
    case 'short':
      return { kind: 'short', text };
  }
}

/** Grade a saved answer again (to show its feedback after a reload); null when it no longer fits the question. */
export function gradeSaved(question: Question, text: string): Grade | null {
  const response = responseFromText(question, text);
  return response ? gradeResponse(question, response) : null;
}
