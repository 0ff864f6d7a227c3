import { describe, expect, it } from 'vitest';
import { chanceWarning, divergenceAdvice } from '../../src/core/run-advice';

describe('advice when a run goes wrong', () => {
  it('a student that diverged at a tiny T is told to raise T, not to lower it', () => {
    const advice = divergenceAdvice('soft student', { temperature: 0.06, learningRate: 0.01 });
    expect(advice).toMatch(/^Raise the training temperature \(now 0\.06/);
    expect(advice).not.toMatch(/Lower/);
  });

  it('a large learning rate is named, and the teacher (no T) is only ever told about the learning rate', () => {
    expect(divergenceAdvice('hard student', { temperature: 4, learningRate: 1 })).toMatch(/^Lower the learning rate \(now 1;/);
    expect(divergenceAdvice('teacher', { temperature: 0.06, learningRate: 0.01 })).toMatch(/^Lower the learning rate/);
  });

  it('warns when a finished run is no better than guessing, and names a high learning rate', () => {
    const warning = chanceWarning([{ name: 'teacher', testAcc: 0.169 }, { name: 'soft student', testAcc: 0.9 }], 6, { learningRate: 1 });
    expect(warning).toMatch(/no better than guessing: the teacher 16\.9% test accuracy, where chance is 16\.7%\. The learning rate 1 is likely too high/);
    expect(warning).not.toMatch(/soft student/);
    expect(chanceWarning([{ name: 'teacher', testAcc: 0.95 }], 10, { learningRate: 1 })).toBeNull();
  });
});
