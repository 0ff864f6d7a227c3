/**
 * What one example costs a dense ReLU net, counted in floating-point
 * operations: the engine cuts its work into pieces by it, the bench turns
 * rates into GFLOP/s with it, and the run estimate times evaluations with it.
 */

/** Weights (not biases) of a dense net with these layer sizes: its multiply-adds per example. */
export function weightCount(sizes: readonly number[]): number {
  let weights = 0;
  for (let i = 0; i + 1 < sizes.length; i++) weights += sizes[i]! * sizes[i + 1]!;
  return weights;
}

/** FLOPs of one example's forward pass (2 per weight), `copies` times (a stack of students). */
export function forwardFlops(sizes: readonly number[], copies = 1): number {
  return 2 * copies * weightCount(sizes);
}

/** FLOPs of one training example (forward 2 and backward 4 per weight), `copies` times. */
export function trainingFlops(sizes: readonly number[], copies = 1): number {
  return 6 * copies * weightCount(sizes);
}
