/**
 * Adam (Kingma & Ba 2015) with few operations per step. TF.js's
 * `tf.train.adam` runs about fourteen operations per variable and uploads six
 * scalars per variable per step; on the small models here each operation costs
 * more in dispatch than in arithmetic. This version precomputes its scalars and
 * folds the bias corrections into two per step:
 *   lr·m̂/(√v̂ + ε) with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)
 *   = [lr·√(1−β2ᵗ)/(1−β1ᵗ)] · m / (√v + ε·√(1−β2ᵗ)),
 * twelve operations per variable ('per-variable'), eleven for all variables
 * joined into one vector plus the cut back into them ('joined', for GPUs), or
 * one kernel per variable on the CPU-memory backends ('kernel', adam-kernel.ts; on wasm with SIMD kernels,
 * one kernel for all variables, moving the moments in place).
 * Adam is elementwise, so the joined update, and one update of stacked
 * students, equal separate Adams; engine tests check both against `tf.train.adam`.
 */
import * as tf from '@tensorflow/tfjs';
import { engineForms, type AdamForm, type KernelForm } from './dense';
import { adamKernelStep, adamKernelSteps, hasAdamStepsKernel } from './adam-kernel';

const BETA1 = 0.9;
const BETA2 = 0.999;
/** TF.js's default epsilon for float32 backends. */
const EPSILON = 1e-7;

interface Moments {
  first: tf.Variable;
  second: tf.Variable;
}

export class Adam {
  private readonly sizes: number[];
  /** One pair per variable ('per-variable'), or one pair for the joined vector. */
  private readonly moments: Moments[];
  private readonly oneMinusBeta1 = tf.scalar(1 - BETA1);
  private readonly oneMinusBeta2 = tf.scalar(1 - BETA2);
  private step = 0;
  /** One kernel call for all variables ('kernel' form on wasm with SIMD kernels). */
  private readonly allAtOnce: boolean;

  constructor(
    private readonly variables: readonly tf.Variable[],
    /** The step size lr; settable between steps (a schedule), every form reads it at each step. */
    public learningRate: number,
    private readonly form: AdamForm = engineForms().adam,
    kernels: KernelForm = engineForms().kernels ?? 'tf',
  ) {
    this.allAtOnce = form === 'kernel' && kernels === 'simd' && hasAdamStepsKernel();
    this.sizes = variables.map((v) => v.size);
    const shapes = form === 'joined' ? [[this.sizes.reduce((a, b) => a + b, 0)]] : variables.map((v) => v.shape);
    // tf.fill, not tf.zeros: on wasm tf.zeros makes the zeros in JavaScript and copies them in (seconds for large models).
    this.moments = shapes.map((shape) => tf.tidy(() => ({ first: tf.variable(tf.fill(shape, 0), false), second: tf.variable(tf.fill(shape, 0), false) })));
  }

  /** One step, given the gradient of each variable (in the order of the variable list). Call inside tf.tidy. */
  applyGradients(gradients: readonly tf.Tensor[]): void {
    this.step++;
    const correction2Root = Math.sqrt(1 - BETA2 ** this.step);
    if (this.form === 'kernel') {
      const attrs = { stepSize: (this.learningRate * correction2Root) / (1 - BETA1 ** this.step), epsilon: EPSILON * correction2Root, beta1: BETA1, beta2: BETA2 };
      if (this.allAtOnce) {
        const values = adamKernelSteps(this.variables, gradients, this.moments.map((m) => m.first), this.moments.map((m) => m.second), attrs);
        this.variables.forEach((variable, i) => variable.assign(values[i]!));
        return;
      }
      this.variables.forEach((variable, i) => {
        const { first, second } = this.moments[i]!;
        const [value, m, v] = adamKernelStep(variable, gradients[i]!, first, second, attrs);
        variable.assign(value!);
        first.assign(m!);
        second.assign(v!);
      });
      return;
    }
    const stepSize = tf.scalar((this.learningRate * correction2Root) / (1 - BETA1 ** this.step));
    const epsilon = tf.scalar(EPSILON * correction2Root);
    if (this.form === 'joined') {
      const update = this.update(this.moments[0]!, tf.concat(gradients.map((g) => tf.reshape(g, [-1]))), stepSize, epsilon);
      const parts = tf.split(update, this.sizes);
      this.variables.forEach((variable, i) => variable.assign(tf.sub(variable, tf.reshape(parts[i]!, variable.shape))));
      return;
    }
    this.variables.forEach((variable, i) => variable.assign(tf.sub(variable, this.update(this.moments[i]!, gradients[i]!, stepSize, epsilon))));
  }

  /** Moves the moments and returns the step to subtract. */
  private update(moments: Moments, gradient: tf.Tensor, stepSize: tf.Scalar, epsilon: tf.Scalar): tf.Tensor {
    const m = tf.add(moments.first, tf.mul(tf.sub(gradient, moments.first), this.oneMinusBeta1));
    const v = tf.add(moments.second, tf.mul(tf.sub(tf.square(gradient), moments.second), this.oneMinusBeta2));
    moments.first.assign(m);
    moments.second.assign(v);
    return tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), epsilon));
  }

  dispose(): void {
    tf.dispose([...this.moments.flatMap((m) => [m.first, m.second]), this.oneMinusBeta1, this.oneMinusBeta2]);
  }
}
