/**
 * S ReLU MLPs of one architecture trained together, so students that see the
 * same batch advance in one step with one optimizer (Adam is elementwise: one
 * update of all their variables equals S separate Adams). Like `Mlp`, the
 * backward pass is written out rather than taped.
 * Layout: the first layer of all S models side by side, W [in, S·h1] and
 * b [S·h1] (one product with the shared input batch); every later layer one
 * variable per model. The 'split' form multiplies model by model; 'batched'
 * stacks a layer's S weights and multiplies them in one batched product.
 */
import * as tf from '@tensorflow/tfjs';
import { engineForms, stackedTimesTransposeB, stackedTransposeATimes, timesTransposeB, transposeATimes, type EngineForms } from './dense';
import type { MlpWeights } from './mlp';
import { mapRowChunks, type Rows } from './row-chunks';
import { columnSum, joinColumns, splitColumns, denseProduct } from './wasm-kernels';
import { readBack } from './backend-loss';

interface Layer {
  /** One variable (the joined first layer) or one per model. */
  weights: tf.Variable[];
  biases: tf.Variable[];
}

export class StackedMlp {
  readonly variables: tf.Variable[];
  readonly count: number;
  private readonly layers: Layer[];

  /** `weights[s]` are model s's initial weights ([W0, b0, W1, b1, …], as `initialWeights` makes them). */
  constructor(
    readonly name: string,
    readonly sizes: readonly number[],
    weights: readonly MlpWeights[],
  ) {
    this.count = weights.length;
    const variable = (values: Float32Array, shape: number[], label: string) => tf.tidy(() => tf.variable(tf.tensor(values, shape), true, `${name}/${label}`));
    const [first, firstBias] = sideBySide(weights, sizes[0]!, sizes[1]!);
    this.layers = [{ weights: [variable(first, [sizes[0]!, this.count * sizes[1]!], 'w0')], biases: [variable(firstBias, [this.count * sizes[1]!], 'b0')] }];
    for (let layer = 1; layer + 1 < sizes.length; layer++) {
      const shape = [sizes[layer]!, sizes[layer + 1]!];
      this.layers.push({
        weights: weights.map((w, s) => variable(w[2 * layer]!, shape, `w${layer}/${s}`)),
        biases: weights.map((w, s) => variable(w[2 * layer + 1]!, [shape[1]!], `b${layer}/${s}`)),
      });
    }
    this.variables = this.layers.flatMap((l) => [...l.weights, ...l.biases]);
  }

  /** Raw logits of every model, [S, B, classes], for a batch x [B, in] they all share (no gradient). Call inside tf.tidy. */
  logits(x: tf.Tensor2D, forms = engineForms()): tf.Tensor3D {
    return this.forward(x, forms).logits;
  }

  /**
   * Gradients of the sum of the models' losses w.r.t. every variable (in
   * `variables` order), by a written-out backward pass; `lossGradient` maps the
   * logits [S, B, classes] to ∂loss/∂logits. Each model's part of a gradient is
   * the gradient of its own loss. Call inside tf.tidy.
   */
  gradients(x: tf.Tensor2D, lossGradient: (logits: tf.Tensor3D) => tf.Tensor3D, forms = engineForms()): tf.Tensor[] {
    const { logits, inputs } = this.forward(x, forms);
    const dLogits = lossGradient(logits);
    const grads: { weights: tf.Tensor[]; biases: tf.Tensor[] }[] = [];
    let dzJoined: tf.Tensor2D;
    if (forms.stack === 'split') {
      let dz = tf.unstack(dLogits) as tf.Tensor2D[];
      for (let layer = this.layers.length - 1; layer >= 1; layer--) {
        const input = inputs[layer] as tf.Tensor2D[];
        grads[layer] = { weights: dz.map((d, s) => transposeATimes(input[s]!, d, forms)), biases: dz.map((d) => columnSum(d, forms)) };
        // ReLU's gate: the input is positive exactly where its pre-activation was.
        dz = dz.map((d, s) => tf.mul(timesTransposeB(d, this.layers[layer]!.weights[s] as tf.Variable<tf.Rank.R2>, forms), tf.step(input[s]!)));
      }
      dzJoined = joinColumns(dz, forms);
    } else {
      let dz = dLogits;
      for (let layer = this.layers.length - 1; layer >= 1; layer--) {
        const input = inputs[layer] as tf.Tensor3D;
        grads[layer] = { weights: tf.unstack(stackedTransposeATimes(input, dz, forms)), biases: tf.unstack(tf.sum(dz, 1)) };
        dz = tf.mul(stackedTimesTransposeB(dz, tf.stack(this.layers[layer]!.weights) as tf.Tensor3D, forms), tf.step(input));
      }
      // [S, B, h1] → [B, S·h1], the first layer's side-by-side layout.
      dzJoined = tf.reshape(tf.transpose(dz, [1, 0, 2]), [x.shape[0], this.count * this.sizes[1]!]) as tf.Tensor2D;
    }
    grads[0] = { weights: [transposeATimes(x, dzJoined, forms)], biases: [columnSum(dzJoined, forms)] };
    return grads.flatMap((g) => [...g.weights, ...g.biases]);
  }

  /** Logits of every model for a whole set, in chunks, [S, N, classes]. */
  predict(x: Rows): tf.Tensor3D {
    return mapRowChunks(x, 1, (rows) => this.logits(rows));
  }

  /** Model s's current weights in the plain layout ([W0, b0, …], W row-major in × out). */
  async readWeights(s: number): Promise<MlpWeights> {
    const [first, firstBias] = await readBack(Promise.all([this.layers[0]!.weights[0]!.data(), this.layers[0]!.biases[0]!.data()]));
    const [fanIn, width] = [this.sizes[0]!, this.sizes[1]!];
    const w0 = new Float32Array(fanIn * width);
    for (let i = 0; i < fanIn; i++) w0.set((first as Float32Array).subarray((i * this.count + s) * width, (i * this.count + s + 1) * width), i * width);
    const rest = await readBack(Promise.all(this.layers.slice(1).flatMap((l) => [l.weights[s]!.data(), l.biases[s]!.data()])));
    return [w0, (firstBias as Float32Array).slice(s * width, (s + 1) * width), ...(rest as Float32Array[])];
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }

  /**
   * Logits, and the input of every layer after the first (per model in 'split' form, stacked in 'batched').
   * Every product through `denseProduct` (the SIMD product where it wins, in training and evaluation alike).
   */
  private forward(x: tf.Tensor2D, forms: EngineForms): { logits: tf.Tensor3D; inputs: (tf.Tensor2D[] | tf.Tensor3D)[] } {
    const last = this.layers.length - 1;
    const activation = (layer: number) => (layer < last ? 'relu' : 'linear');
    const dense = (a: tf.Tensor2D, w: tf.Variable, b: tf.Variable, layer: number) => denseProduct(a, w as tf.Tensor2D, forms, b as tf.Tensor1D, activation(layer));
    const joined = dense(x, this.layers[0]!.weights[0]!, this.layers[0]!.biases[0]!, 0);
    const inputs: (tf.Tensor2D[] | tf.Tensor3D)[] = [];
    if (forms.stack === 'split') {
      let hs = splitColumns(joined, this.count, forms);
      for (let layer = 1; layer <= last; layer++) {
        inputs[layer] = hs;
        const { weights, biases } = this.layers[layer]!;
        hs = hs.map((h, s) => dense(h, weights[s]!, biases[s]!, layer));
      }
      return { logits: tf.stack(hs) as tf.Tensor3D, inputs };
    }
    let h = tf.transpose(tf.reshape(joined, [x.shape[0], this.count, this.sizes[1]!]), [1, 0, 2]) as tf.Tensor3D;
    for (let layer = 1; layer <= last; layer++) {
      inputs[layer] = h;
      const { weights, biases } = this.layers[layer]!;
      const z = tf.add(tf.matMul(h, tf.stack(weights) as tf.Tensor3D), tf.expandDims(tf.stack(biases), 1)) as tf.Tensor3D;
      h = layer < last ? tf.relu(z) : z;
    }
    return { logits: h, inputs };
  }
}

/** The first layer of every model side by side: W [in, S·out] (row i holds each model's row i in turn) and b [S·out]. */
function sideBySide(weights: readonly MlpWeights[], fanIn: number, fanOut: number): [Float32Array, Float32Array] {
  const count = weights.length;
  const w = new Float32Array(fanIn * count * fanOut);
  const b = new Float32Array(count * fanOut);
  weights.forEach((model, s) => {
    for (let i = 0; i < fanIn; i++) w.set(model[0]!.subarray(i * fanOut, (i + 1) * fanOut), (i * count + s) * fanOut);
    b.set(model[1]!, s * fanOut);
  });
  return [w, b];
}
