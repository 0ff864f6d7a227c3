import { describe, expect, it } from 'vitest';
import { epochProgress } from '../../src/cli/progress-lines';
import type { EpochReport } from '../../src/engine/run-types';

const epoch = (phase: 'teacher' | 'students', n: number, of: number): EpochReport => ({ phase, epoch: n, totalEpochs: of, teacherReady: phase === 'students' });

describe('the experiment command’s progress lines', () => {
  it('say nothing in a run’s first ten seconds, then at most one line per ten seconds', () => {
    let clock = 1_000;
    const lines: string[] = [];
    const onEpoch = epochProgress('paper-full seed 2', (line) => lines.push(line), () => clock);
    for (let n = 1; n <= 4; n++) {
      clock += 2_400; // four epochs in 9.6 s
      onEpoch(epoch('teacher', n, 80));
    }
    expect(lines).toEqual([]);
    clock += 600; // 10.2 s
    onEpoch(epoch('students', 1, 20));
    clock += 9_000;
    onEpoch(epoch('students', 2, 20));
    clock += 1_100; // 10.1 s after the last line
    onEpoch(epoch('students', 3, 20));
    expect(lines).toEqual(['paper-full seed 2: students epoch 1 of 20, 10 s so far', 'paper-full seed 2: students epoch 3 of 20, 20 s so far']);
  });

  it('names the teacher’s epochs while the teacher trains', () => {
    let clock = 0;
    const lines: string[] = [];
    const onEpoch = epochProgress('low-data seed 1', (line) => lines.push(line), () => clock, 100);
    clock = 250;
    onEpoch(epoch('teacher', 7, 200));
    expect(lines).toEqual(['low-data seed 1: teacher epoch 7 of 200, 0 s so far']);
  });
});
