import { describe, expect, it } from 'vitest';
import { readStoredChoice } from '../../src/state/stored-choice';
import { fakeStorage } from './progress-module';

describe('a short choice kept in localStorage', () => {
  const read = (storage: ReturnType<typeof fakeStorage> | null) => readStoredChoice(storage, 'dkl.theme', ['system', 'light', 'dark'], 'theme', 'the system’s theme is used');

  it('reads back a value the app writes, and nothing from empty or throwing storage, without a problem', () => {
    expect(read(fakeStorage({ 'dkl.theme': 'dark' }))).toEqual({ value: 'dark', problem: null });
    expect(read(fakeStorage())).toEqual({ value: null, problem: null });
    expect(read(null)).toEqual({ value: null, problem: null });
    const throwing = { ...fakeStorage(), getItem: () => { throw new Error('SecurityError'); } };
    expect(read(throwing)).toEqual({ value: null, problem: null });
  });

  it('names any other value, quoted short, and clears it so the next visit is quiet', () => {
    for (const garbage of ['Dark', '', '{"x":1}', '<img src=x onerror=alert(1)>', 'x'.repeat(10_000)]) {
      const storage = fakeStorage({ 'dkl.theme': garbage });
      const { value, problem } = read(storage);
      expect(value).toBeNull();
      expect(problem).toMatch(/^The theme stored in this browser \(“.*”\) is not one this app writes, so it was cleared; the system’s theme is used\.$/s);
      expect(problem!.length).toBeLessThan(200);
      expect(storage.data.has('dkl.theme')).toBe(false);
      expect(read(storage)).toEqual({ value: null, problem: null });
    }
  });
});
