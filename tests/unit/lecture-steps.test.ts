import { describe, expect, it } from 'vitest';
import { LECTURE_STEPS, checkLectureSteps, stepAt } from '../../src/core/lecture-steps';
import { QUESTIONS } from '../../src/quiz/questions';
import { DISPLAY_T_RANGE } from '../../src/core/settings';
import { PRESETS } from '../../src/core/presets';

describe('the guided lecture', () => {
  it('names real presets, real quiz questions and display temperatures in range', () => {
    expect(checkLectureSteps(QUESTIONS.map((q) => q.id), DISPLAY_T_RANGE)).toEqual([]);
  });

  it('tells the paper’s story in order: soft vs hard, temperature, dark knowledge, MNIST, omitted class, 3%', () => {
    expect(LECTURE_STEPS.map((s) => s.preset)).toEqual(['low-data', 'low-data', 'low-data', 'dark-matrix', 'paper-mnist', 'omitted-class', 'three-percent']);
    // Temperature is shown rising: T = 1 first, then higher.
    expect(LECTURE_STEPS[1]!.displayTemperature).toBe(1);
    expect(LECTURE_STEPS[2]!.displayTemperature).toBeGreaterThan(LECTURE_STEPS[1]!.displayTemperature);
    expect(new Set(LECTURE_STEPS.map((s) => s.id)).size).toBe(LECTURE_STEPS.length);
    // One sentence each, short enough to read out.
    for (const step of LECTURE_STEPS) expect(step.say.split(/[.:;] /).length).toBeLessThanOrEqual(3);
  });

  it('finds steps by their 1-based number only', () => {
    expect(stepAt(1)).toBe(LECTURE_STEPS[0]);
    expect(stepAt(LECTURE_STEPS.length)).toBe(LECTURE_STEPS.at(-1));
    for (const bad of [0, -1, 1.5, NaN, LECTURE_STEPS.length + 1]) expect(stepAt(bad)).toBeNull();
  });

  it('every preset opens at a display temperature in range', () => {
    for (const preset of PRESETS) {
      expect(preset.displayTemperature).toBeGreaterThanOrEqual(DISPLAY_T_RANGE.min);
      expect(preset.displayTemperature).toBeLessThanOrEqual(DISPLAY_T_RANGE.max);
    }
  });
});
