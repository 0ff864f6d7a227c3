/**
 * A ReLU multilayer perceptron as explicit TF.js variables, so each model can
 * be handed to its own optimizer with its own variable list.
 * Initial weights come from the project's seeded RNG (not tf.random), so the
 * same seed gives the same network on every backend and machine.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng';
import { inputMatMul, matMul2d } from './dense';
import { mapRowChunks } from './row-chunks';

/** Plain weights of an MLP: [W0, b0, W1, b1, ...], W row-major (in × out). */
export type MlpWeights = Float32Array[];

/** He-uniform weights (suited to ReLU), zero biases. */
export function initialWeights(sizes: readonly number[], rng: Rng): MlpWeights {
  const weights: MlpWeights = [];
  for (let layer = 0; layer + 1 < sizes.length; layer++) {
    const fanIn = sizes[layer]!;
    const fanOut = sizes[layer + 1]!;
    const limit = Math.sqrt(6 / fanIn);
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = (2 * rng.next() - 1) * limit;
    weights.push(w, new Float32Array(fanOut));
  }
  return weights;
}

export interface DropoutOptions {
  rate: number;
  /** Seed for this step's masks, so dropout is reproducible too. */
  seed: number;
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

  /** Raw logits; with dropout only when training. Call inside tf.tidy. */
  logits(x: tf.Tensor2D, dropout?: DropoutOptions): tf.Tensor2D {
    let h: tf.Tensor2D = x;
    const layers = this.sizes.length - 1;
    for (let layer = 0; layer < layers; layer++) {
      const w = this.variables[2 * layer] as tf.Variable<tf.Rank.R2>;
      const b = this.variables[2 * layer + 1] as tf.Variable<tf.Rank.R1>;
      // The first layer's input is data: only its weights need a gradient.
      h = tf.add(layer === 0 ? inputMatMul(h, w) : matMul2d(h, w), b);
      if (layer + 1 < layers) {
        h = tf.relu(h);
        if (dropout && dropout.rate > 0) h = tf.dropout(h, dropout.rate, undefined, dropout.seed + layer) as tf.Tensor2D;
      }
    }
    return h;
  }

  /** Logits for a whole set, in chunks so large sets do not make one huge tensor. */
  predict(x: tf.Tensor2D, chunk = 4096): tf.Tensor2D {
    return mapRowChunks(x, chunk, 0, (rows) => this.logits(rows));
  }

  async readWeights(): Promise<MlpWeights> {
    return Promise.all(this.variables.map(async (v) => (await v.data()) as Float32Array));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
