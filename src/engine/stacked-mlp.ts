/**
 * S ReLU MLPs of one architecture as one stacked model, so students that see
 * the same batch advance in one step with one optimizer (Adam is elementwise:
 * one update of the stacked variables equals S separate Adams).
 * Layout: the first layer of all S models side by side, [in, S·h1] (one plain
 * product with the shared input batch); every later layer stacked, [S, in, out].
 */
import * as tf from '@tensorflow/tfjs';
import { inputMatMul, stackedMatMul } from './dense';
import { mapRowChunks } from './row-chunks';
import type { MlpWeights } from './mlp';

export class StackedMlp {
  readonly variables: tf.Variable[];
  readonly count: number;

  /** `weights[s]` are model s's initial weights ([W0, b0, W1, b1, …], as `initialWeights` makes them). */
  constructor(
    readonly name: string,
    readonly sizes: readonly number[],
    weights: readonly MlpWeights[],
  ) {
    this.count = weights.length;
    const layers = sizes.length - 1;
    this.variables = [];
    for (let layer = 0; layer < layers; layer++) {
      const [fanIn, fanOut] = [sizes[layer]!, sizes[layer + 1]!];
      this.variables.push(
        tf.tidy(() => {
          const stacked = tf.stack(weights.map((w) => tf.tensor2d(w[2 * layer]!, [fanIn, fanOut]))) as tf.Tensor3D;
          const values = layer === 0 ? tf.reshape(tf.transpose(stacked, [1, 0, 2]), [fanIn, this.count * fanOut]) : stacked;
          return tf.variable(values, true, `${name}/w${layer}`);
        }),
        tf.tidy(() => {
          const biases = tf.stack(weights.map((w) => tf.tensor1d(w[2 * layer + 1]!)));
          return tf.variable(layer === 0 ? tf.reshape(biases, [this.count * fanOut]) : biases, true, `${name}/b${layer}`);
        }),
      );
    }
  }

  /** Raw logits of every model, [S, B, classes], for a batch x [B, in] they all share. Call inside tf.tidy. */
  logits(x: tf.Tensor2D): tf.Tensor3D {
    const rows = x.shape[0];
    const first = this.sizes[1]!;
    const layers = this.sizes.length - 1;
    const joined = tf.add(inputMatMul(x, this.variables[0] as tf.Variable<tf.Rank.R2>), this.variables[1]!);
    // [B, S·h1] → [S, B, h1]
    let h = tf.transpose(tf.reshape(joined, [rows, this.count, first]), [1, 0, 2]) as tf.Tensor3D;
    for (let layer = 1; layer < layers; layer++) {
      h = tf.relu(h);
      const w = this.variables[2 * layer] as tf.Variable<tf.Rank.R3>;
      const b = this.variables[2 * layer + 1] as tf.Variable<tf.Rank.R2>;
      h = tf.add(stackedMatMul(h, w), tf.expandDims(b, 1));
    }
    return h;
  }

  /** Logits of every model for a whole set, in chunks, [S, N, classes]. */
  predict(x: tf.Tensor2D, chunk = 4096): tf.Tensor3D {
    return mapRowChunks(x, chunk, 1, (rows) => this.logits(rows));
  }

  /** Model s's current weights in the plain layout ([W0, b0, …], W row-major in × out). */
  async readWeights(s: number): Promise<MlpWeights> {
    const parts = tf.tidy(() =>
      this.variables.map((v, i) => {
        const layer = Math.floor(i / 2);
        const width = this.sizes[layer + 1]!;
        if (layer > 0) return tf.squeeze(tf.slice(v, [s, 0, 0].slice(0, v.rank), [1, ...v.shape.slice(1)]), [0]);
        return i % 2 === 0 ? tf.slice(v, [0, s * width], [-1, width]) : tf.slice(v, [s * width], [width]);
      }),
    );
    const values = await Promise.all(parts.map(async (t) => (await t.data()) as Float32Array));
    tf.dispose(parts);
    return values;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
