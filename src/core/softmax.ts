/**
 * Softmax with temperature and the information measures built on it.
 * q_i = exp(z_i / T) / Σ_j exp(z_j / T)  (Hinton, Vinyals & Dean 2015, eq. 1),
 * computed through log-sum-exp so small T and large logits never overflow.
 */

/** log Σ exp(x_i), stable for any finite inputs. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}

/** log q_i at temperature T. */
export function logSoftmax(logits: ArrayLike<number>, temperature = 1): number[] {
  assertTemperature(temperature);
  const scaled = Array.from(logits, (z) => z / temperature);
  const lse = logSumExp(scaled);
  return scaled.map((z) => z - lse);
}

/** Probabilities q_i at temperature T (T = 1 is the ordinary softmax). */
export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  return logSoftmax(logits, temperature).map(Math.exp);
}

/** Shannon entropy in bits; 0·log 0 is taken as 0. */
export function entropyBits(probabilities: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (p > 0) h -= p * Math.log2(p);
  }
  return h;
}

export function assertTemperature(temperature: number): void {
  if (!Number.isFinite(temperature) || temperature <= 0) {
    throw new RangeError(`Temperature must be a positive number, got ${temperature}`);
  }
}
