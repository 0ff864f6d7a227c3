/**
 * The test example whose teacher distribution carries the most dark
 * knowledge: correctly classified, with the largest probability on a wrong
 * class (at T = 1). Pure, so it can be tested in Node.
 */
import { argmax } from './metrics';
import { softmax } from './softmax';

export function darkestExample(logits: Float32Array, labels: Int32Array, classes: number): number {
  let best = 0;
  let bestScore = -1;
  for (let row = 0; row < labels.length; row++) {
    const start = row * classes;
    const slice = logits.subarray(start, start + classes);
    if (argmax(slice) !== labels[row]) continue;
    const p = softmax(slice);
    let runnerUp = 0;
    p.forEach((value, k) => {
      if (k !== labels[row]) runnerUp = Math.max(runnerUp, value);
    });
    // Prefer a clear winner with a visible second choice, not a coin toss.
    const score = runnerUp * p[labels[row]!]!;
    if (score > bestScore) {
      bestScore = score;
      best = row;
    }
  }
  return best;
}
