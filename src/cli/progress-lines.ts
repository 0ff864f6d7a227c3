/**
 * `npm run experiment`'s progress on stderr (with --progress, or when stderr is a terminal): a full-scale run
 * takes minutes to tens of minutes, and its numbers come only at the end. At most one line per `everyMs`, none
 * in a run's first `everyMs`, so short runs stay silent.
 */
import type { EpochReport } from '../engine/run-types';

export function epochProgress(label: string, write: (line: string) => void, now: () => number = () => performance.now(), everyMs = 10_000): (report: EpochReport) => void {
  const start = now();
  let last = start;
  return (report) => {
    const t = now();
    if (t - last < everyMs) return;
    last = t;
    write(`${label}: ${report.phase === 'teacher' ? 'teacher' : 'students'} epoch ${report.epoch} of ${report.totalEpochs}, ${Math.floor((t - start) / 1000)} s so far`);
  };
}
