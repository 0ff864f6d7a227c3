import { describe, expect, it } from 'vitest';
import { resumesRun, trainLabel } from '../../src/state/train-label';

describe('the main button’s word (controls panel and lecture bar alike)', () => {
  it('says Train before any run, Resume over a paused run, Train again after one', () => {
    expect(trainLabel('idle', false, false)).toBe('Train');
    expect(trainLabel('starting', false, false)).toBe('Train');
    expect(trainLabel('paused', false, false)).toBe('Resume');
    expect(trainLabel('done', false, false)).toBe('Train again');
  });

  it('says Train again, and does not resume, when pressing it starts a new run', () => {
    // Settings changed over a paused run, or the live-teacher switch wants a teacher this run did not train.
    for (const [changed, notLive] of [[true, false], [false, true]] as const) {
      expect(trainLabel('paused', changed, notLive)).toBe('Train again');
      expect(resumesRun('paused', changed, notLive)).toBe(false);
    }
    expect(trainLabel('done', true, false)).toBe('Train again');
    expect(resumesRun('paused', false, false)).toBe(true);
    expect(resumesRun('done', false, false)).toBe(false);
  });
});
