/**
 * The test example whose teacher distribution carries the most dark
 * knowledge: correctly classified, with the largest probability on a wrong
 * class (at T = 1). Pure, so it can be tested in Node.
 */

export function darkestExample(logits: Float32Array, labels: Int32Array, classes: number): number {
  let best = 0;
  let bestScore = -1;
  for (let row = 0; row < labels.length; row++) {
    const odds = rowOdds(logits, row, classes, labels[row]!);
    if (!odds) continue;
    // Prefer a clear winner with a visible second choice, not a coin toss.
    const score = odds.runnerUp * odds.trueClass;
    if (score > bestScore) {
      bestScore = score;
      best = row;
    }
  }
  return best;
}

/**
 * One row's softmax (T = 1) at the true class and at the likeliest wrong class,
 * or null when the row is misclassified. No allocation per row: these scans run
 * over 10,000 test digits on the main thread.
 */
function rowOdds(logits: Float32Array, row: number, classes: number, label: number): { trueClass: number; runnerUp: number } | null {
  const start = row * classes;
  let top = start;
  let wrongTop = -Infinity;
  for (let k = 0; k < classes; k++) {
    const value = logits[start + k]!;
    if (value > logits[top]!) top = start + k;
    if (k !== label && value > wrongTop) wrongTop = value;
  }
  if (top - start !== label) return null;
  const max = logits[top]!;
  let sum = 0;
  for (let k = 0; k < classes; k++) sum += Math.exp(logits[start + k]! - max);
  return { trueClass: 1 / sum, runnerUp: Math.exp(wrongTop - max) / sum };
}

/**
 * The classes an example "almost" is, by the teacher's soft distribution:
 * wrong classes holding at least `share` of the top class's probability,
 * most likely first, at most `limit` of them.
 */
export function almostClasses(probabilities: readonly number[], trueClass: number, share = 0.25, limit = 3): number[] {
  return largestWrong(probabilities, trueClass, limit, Math.max(share * Math.max(...probabilities), 0.01)).map(({ k }) => k);
}

/**
 * The wrong classes with the most probability, most likely first (at most `limit`, each at least `floor`): the
 * example's dark knowledge when no wrong class comes close enough to be named by `almostClasses`.
 */
export function largestWrong(probabilities: readonly number[], trueClass: number, limit = 2, floor = 0.001): { k: number; p: number }[] {
  return probabilities
    .map((p, k) => ({ p, k }))
    .filter(({ p, k }) => k !== trueClass && p >= floor)
    .sort((a, b) => b.p - a.p || a.k - b.k)
    .slice(0, limit);
}

/** "2 (4.3%) and 3 (3.9%)": classes named, with their probabilities. */
export function classShares(shares: readonly { k: number; p: number }[], classNames: readonly string[]): string {
  const parts = shares.map(({ k, p }) => `${classNames[k] ?? k} (${(p * 100).toFixed(1)}%)`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * For each class, the correctly classified test examples whose teacher
 * distribution gives the most weight to a wrong class: good thumbnails to
 * show dark knowledge. Without logits, the first examples of each class.
 */
export function showcaseExamples(logits: Float32Array | null, labels: Int32Array, classes: number, perClass: number): number[] {
  // The best `perClass` of each class so far, highest score first (no array per row: 10,000 test digits).
  const picks: number[][] = Array.from({ length: classes }, () => []);
  const scores: number[][] = Array.from({ length: classes }, () => []);
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row]!;
    const kept = picks[label]!;
    if (!logits) {
      if (kept.length < perClass) kept.push(row);
      continue;
    }
    const odds = rowOdds(logits, row, classes, label);
    if (!odds) continue;
    const ranked = scores[label]!;
    // Ties keep the earlier row first, as a stable sort would.
    let at = ranked.length;
    while (at > 0 && ranked[at - 1]! < odds.runnerUp) at--;
    if (at >= perClass) continue;
    ranked.splice(at, 0, odds.runnerUp);
    kept.splice(at, 0, row);
    if (ranked.length > perClass) {
      ranked.pop();
      kept.pop();
    }
  }
  return picks.flat();
}
