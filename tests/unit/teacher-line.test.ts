import { describe, expect, it } from 'vitest';
import { formatSavedAt, teacherCheckText, teacherLineText } from '../../src/state/teacher-line';
import { describeTeacherOrigin } from '../../src/core/teacher-origin';

const metrics = { trainAcc: 0.9951, testAcc: 0.9819 };
const utc = (ms: number) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(ms);

describe('the teacher line', () => {
  it('says the teacher was trained now', () => {
    expect(teacherLineText({ kind: 'trained' }, metrics, null)).toBe('trained now · test 98.2% · train 99.5%');
  });

  it('dates a teacher stored from an earlier visit', () => {
    const savedAt = Date.UTC(2026, 10, 26, 10, 32);
    expect(teacherLineText({ kind: 'stored', savedAt }, metrics, null, utc)).toBe('stored from an earlier visit (26 Nov 2026, 10:32) · test 98.2% · train 99.5%');
    expect(formatSavedAt(savedAt)).toMatch(/^26 Nov 2026, \d\d:\d\d$|^2[67] Nov 2026, \d\d:\d\d$/);
  });

  it('names the command and seed of a shipped teacher, with its counted test errors', () => {
    expect(teacherLineText({ kind: 'shipped', name: 'digits-14', seed: 1, command: 'npm run teachers' }, { trainAcc: 0.9962, testAcc: 0.981 }, { errors: 190, count: 10_000 })).toBe(
      'shipped with the app (npm run teachers, seed 1) · test 98.1% (190 errors of 10,000) · train 99.6%',
    );
  });

  it('while a shipped or stored teacher is evaluated, says where it came from and that its numbers are being computed', () => {
    expect(teacherCheckText({ kind: 'shipped', name: 'digits-14', seed: 1, command: 'npm run teachers' })).toBe('shipped with the app (npm run teachers, seed 1) · evaluating it on the training and test data…');
    expect(teacherCheckText({ kind: 'stored', savedAt: Date.UTC(2026, 10, 26, 10, 32) }, utc)).toBe('stored from an earlier visit (26 Nov 2026, 10:32) · evaluating it on the training and test data…');
  });

  it('says a teacher from earlier in this page was reused, in the engine’s words', () => {
    expect(teacherLineText({ kind: 'reused' }, metrics, null)).toBe(`${describeTeacherOrigin({ kind: 'reused' })} · test 98.2% · train 99.5%`);
  });
});
