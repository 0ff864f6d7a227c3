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

/**
 * The classes an example "almost" is, by the teacher's soft distribution:
 * wrong classes holding at least `share` of the top class's probability,
 * most likely first, at most `limit` of them.
 */
export function almostClasses(probabilities: readonly number[], trueClass: number, share = 0.25, limit = 3): number[] {
  const top = Math.max(...probabilities);
  return probabilities
    .map((p, k) => ({ p, k }))
    .filter(({ p, k }) => k !== trueClass && p >= share * top && p >= 0.01)
    .sort((a, b) => b.p - a.p)
    .slice(0, limit)
    .map(({ k }) => k);
}

/**
 * For each class, the correctly classified test examples whose teacher
 * distribution gives the most weight to a wrong class: good thumbnails to
 * show dark knowledge. Without logits, the first examples of each class.
 */
export function showcaseExamples(logits: Float32Array | null, labels: Int32Array, classes: number, perClass: number): number[] {
  const byClass: { index: number; score: number }[][] = Array.from({ length: classes }, () => []);
  for (let row = 0; row < labels.length; row++) {
    let score = 0;
    if (logits) {
      const p = softmax(logits.subarray(row * classes, (row + 1) * classes));
      if (argmax(p) !== labels[row]) continue;
      score = Math.max(...p.filter((_, k) => k !== labels[row]));
    }
    byClass[labels[row]!]!.push({ index: row, score });
  }
  return byClass.flatMap((members) => (logits ? members.sort((a, b) => b.score - a.score) : members).slice(0, perClass).map((m) => m.index));
}
