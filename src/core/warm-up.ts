/**
 * The scans the panels run over a whole test set (10,000 digits) when a teacher's or a run's results arrive, run once
 * on a small made-up set while the page is idle after loading.
 *
 * Why: the first call of such a scan runs in V8's interpreter until the engine compiles it — 15 ms for the first
 * meanSoftMatrix over 10,000 rows in Node, 2.3 ms after a 2,000-row call before it (and the same kind of figures
 * in the page's CPU profiles: meanSoftMatrix 24–25 ms, classAccuracy 20 ms, showcaseExamples 11 ms, each on the
 * moment a teacher became ready). Those moments are the page's busiest, so the compile is moved to a quiet one.
 *
 * The set is made by a formula (no randomness): the warm-up decides nothing. Returns a sum of what the scans gave so
 * that a test can check they ran on real numbers.
 */
import { agreement, classAccuracy, confusionMatrix, meanSoftMatrix, wrongClassEntropy } from './class-metrics';
import { darkestExample, showcaseExamples } from './dark-example';

/** Enough rows that V8 compiles the scans' loops (1,000 rows were not: the next 10,000-row call still took 3.8 ms). */
export const WARM_UP_ROWS = 2000;

export function warmUpScans(classes = 10, rows = WARM_UP_ROWS): number {
  const logits = new Float32Array(rows * classes);
  const other = new Float32Array(rows * classes);
  const labels = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    labels[row] = row % classes;
    for (let k = 0; k < classes; k++) {
      // The true class usually on top, the rest spread: correctly and wrongly classified rows, as real logits have.
      const i = row * classes + k;
      logits[i] = (k === labels[row] ? 3 : 0) + Math.sin(1.7 * i);
      other[i] = (k === labels[row] ? 2 : 0) + Math.cos(1.3 * i);
    }
  }
  let sum = 0;
  for (const T of [1, 4]) {
    for (const line of meanSoftMatrix(logits, labels, classes, T)) for (const v of line) sum += v;
    sum += wrongClassEntropy(logits, labels, classes, T);
  }
  sum += classAccuracy(logits, labels, classes).overall + classAccuracy(logits, labels, classes, [0], -1).overall;
  sum += agreement(logits, other, classes);
  for (const line of confusionMatrix(other, labels, classes)) for (const v of line) sum += v / rows;
  sum += darkestExample(logits, labels, classes) / rows;
  for (const row of showcaseExamples(logits, labels, classes, 2)) sum += row / rows;
  return sum;
}
