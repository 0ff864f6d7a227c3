/**
 * A ReLU multilayer perceptron as explicit TF.js variables, with its backward
 * pass written out (no gradient tape: on these small models TF.js's per-operation
 * cost, and the tape's copies of every saved tensor, outweigh the arithmetic).
 * Initial weights come from the project's seeded RNG (not tf.random), so the
 * same seed gives the same network on every backend and machine.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng';
import { engineForms, timesTransposeB, transposeATimes } from './dense';
import { columnSum, denseProduct } from './wasm-kernels';
import { mapRowChunks, type Rows } from './row-chunks';
import { readBack } from './backend-loss';

/** Plain weights of an MLP: [W0, b0, W1, b1, ...], W row-major (in × out). */
export type MlpWeights = Float32Array[];

/** He-uniform weights (suited to ReLU), zero biases. */
export function initialWeights(sizes: readonly number[], rng: Rng): MlpWeights {
  const steps = initialWeightSteps(sizes, rng, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same weights as `initialWeights`, drawn in steps of about `valuesPerStep` values (a run's set-up draws two
 * 4096-4096 students' 34 M values in units of work that Pause can come between: run-setup.ts). The values and their
 * order do not depend on the step size.
 */
export function* initialWeightSteps(sizes: readonly number[], rng: Rng, valuesPerStep: number): Generator<void, MlpWeights> {
  const weights: MlpWeights = [];
  let drawn = 0;
  for (let layer = 0; layer + 1 < sizes.length; layer++) {
    const fanIn = sizes[layer]!;
    const fanOut = sizes[layer + 1]!;
    const limit = Math.sqrt(6 / fanIn);
    const w = new Float32Array(fanIn * fanOut);
    for (let begin = 0; begin < w.length; ) {
      const end = Math.min(w.length, begin + Math.max(1, valuesPerStep - drawn));
      for (let i = begin; i < end; i++) w[i] = (2 * rng.next() - 1) * limit;
      drawn += end - begin;
      begin = end;
      if (drawn >= valuesPerStep) {
        drawn = 0;
        yield;
      }
    }
    weights.push(w, new Float32Array(fanOut));
  }
  return weights;
}

export class Mlp {
  readonly variables: tf.Variable[];

  constructor(
    readonly name: string,
    readonly sizes: readonly number[],
    weights: MlpWeights,
  ) {
    if (weights.length !== 2 * (sizes.length - 1)) throw new Error(`${name}: expected ${2 * (sizes.length - 1)} weight arrays`);
    this.variables = weights.map((values, i) => {
      const layer = Math.floor(i / 2);
      const shape = i % 2 === 0 ? [sizes[layer]!, sizes[layer + 1]!] : [sizes[layer + 1]!];
      // Inside tidy so the initial-value tensor is freed; the variable keeps its own copy.
      return tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true, `${name}/${i % 2 === 0 ? 'w' : 'b'}${layer}`));
    });
  }

  private get layerCount(): number {
    return this.sizes.length - 1;
  }

  private weight(layer: number): tf.Tensor2D {
    return this.variables[2 * layer] as tf.Variable<tf.Rank.R2>;
  }

  private bias(layer: number): tf.Tensor1D {
    return this.variables[2 * layer + 1] as tf.Variable<tf.Rank.R1>;
  }

  /** Raw logits (no dropout, no gradient). Call inside tf.tidy. */
  logits(x: tf.Tensor2D, forms = engineForms()): tf.Tensor2D {
    let h = x;
    for (let layer = 0; layer < this.layerCount; layer++) {
      h = denseProduct(h, this.weight(layer), forms, this.bias(layer), layer + 1 < this.layerCount ? 'relu' : 'linear');
    }
    return h;
  }

  /**
   * Gradients of a loss w.r.t. every variable (in `variables` order), by a
   * written-out backward pass: `lossGradient` maps the batch's logits to
   * ∂loss/∂logits. With dropout, each hidden layer's output is multiplied by its
   * mask (0 or 1/(1 − rate), as `tf.dropout` scales; see dropout-masks.ts).
   * Call inside tf.tidy.
   */
  gradients(x: tf.Tensor2D, lossGradient: (logits: tf.Tensor2D) => tf.Tensor2D, dropoutMasks?: readonly tf.Tensor2D[], forms = engineForms()): tf.Tensor[] {
    // Forward, keeping each layer's input (after ReLU and dropout) and its gate ∂input/∂preactivation.
    const inputs: tf.Tensor2D[] = [x];
    const gates: tf.Tensor2D[] = [];
    let h = x;
    for (let layer = 0; layer < this.layerCount; layer++) {
      const hidden = layer + 1 < this.layerCount;
      h = denseProduct(h, this.weight(layer), forms, this.bias(layer), hidden ? 'relu' : 'linear');
      if (!hidden) break;
      const mask = dropoutMasks?.[layer];
      if (mask) {
        h = tf.mul(h, mask);
        gates.push(tf.mul(tf.step(h), mask));
      } else {
        gates.push(tf.step(h));
      }
      inputs.push(h);
    }
    // Backward: dz is ∂loss/∂(pre-activation) of the current layer.
    let dz = lossGradient(h);
    const grads: tf.Tensor[] = [];
    for (let layer = this.layerCount - 1; layer >= 0; layer--) {
      grads.unshift(transposeATimes(inputs[layer]!, dz, forms), columnSum(dz, forms));
      if (layer > 0) dz = tf.mul(timesTransposeB(dz, this.weight(layer), forms), gates[layer - 1]!);
    }
    return grads;
  }

  /** Logits for a whole set, in chunks so large sets do not make one huge tensor. */
  predict(x: Rows): tf.Tensor2D {
    return mapRowChunks(x, 0, (rows) => this.logits(rows));
  }

  async readWeights(): Promise<MlpWeights> {
    return Promise.all(this.variables.map(async (v) => (await readBack(v.data())) as Float32Array));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
