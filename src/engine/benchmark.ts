/**
 * Training throughput of the current TF.js backend: Adam steps of one MLP (or
 * of a stack of students of one architecture, as a run trains them) on random
 * data for a time budget, in examples per second (per model: a stack of S
 * students that each see B examples a step counts B, as each student does).
 * Used to choose the fastest backend in the browser and by `npm run bench`.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/rng';
import type { StudentSpec } from '../core/roster';
import { Mlp, initialWeights } from './mlp';
import { StudentStack } from './student-stack';
import { Adam } from './adam';
import { readBack } from './backend-loss';

export interface ThroughputOptions {
  /** Time this many students stacked (half hard, half soft at T = 4), as a run trains them; 0 = one plain model. */
  students?: number;
  /** Steps run before the clock starts (compile shaders, warm caches). */
  warmupSteps?: number;
  /** Called after every training step (tests count them). */
  onStep?: () => void;
  /**
   * Split the budget into this many timing windows and report the fastest (`fastestWindowRate`); 1 (the default,
   * `npm run bench`): the whole budget as one. The page's trials use 3: they run while the page loads.
   */
  windows?: number;
}

/** A read-back while timing: when (ms) and how many steps had been timed by then. */
export interface TimingMark {
  at: number;
  steps: number;
}

/**
 * Examples per second in the fastest window of a timed stretch that began at `started`, cut into windows of at
 * least `windowMs` at its read-backs; a last window cut short counts once it lasted half a window, and with no
 * window that long, the whole stretch decides. A trial taken while the page loads shares two cores with its
 * parsing, layout and painting, and wasm runs its first steps on baseline code before the optimised code is ready:
 * the page measured the lecture teacher at 4,100–16,700 examples/s on first visits, and at 22,000–34,800 when
 * re-measured a few seconds later. The fastest window is the one least disturbed.
 */
export function fastestWindowRate(started: number, marks: readonly TimingMark[], windowMs: number, batchSize: number): number {
  const last = marks.at(-1);
  if (!last || last.at <= started) return 0;
  let best = 0;
  let from = { at: started, steps: 0 };
  for (const mark of marks) {
    const ms = mark.at - from.at;
    const closes = ms >= windowMs || (mark === last && ms >= windowMs / 2);
    if (!closes) continue;
    best = Math.max(best, ((mark.steps - from.steps) * batchSize * 1000) / ms);
    from = mark;
  }
  return best > 0 ? best : (last.steps * batchSize * 1000) / (last.at - started);
}

/**
 * Examples per second judged from one warm-up step that alone took ten budgets (a model too large for this backend:
 * two 4096-4096 students take ~10–16 s a step on cpu and software WebGL here, and timing five steps a backend held
 * the page at "Timing the backends…" for minutes); null to go on timing. A GPU backend's first step compiles its
 * shaders (seconds on a software adapter), so it never decides there.
 */
export function slowStepThroughput(stepMs: number, batchSize: number, budgetMs: number, stepIndex: number, compiles: boolean): number | null {
  const tooSlow = stepMs > 10 * budgetMs && !(compiles && stepIndex === 0);
  return tooSlow ? (batchSize * 1000) / stepMs : null;
}

/** Steps between two read-backs while timing: five (GPU work queued, then waited on), one when a step outlasts the budget. */
export function stepsPerRead(stepMs: number, budgetMs: number): number {
  return stepMs > budgetMs ? 1 : 5;
}

export async function measureTrainingThroughput(sizes: readonly number[], batchSize: number, budgetMs: number, options: ThroughputOptions = {}): Promise<number> {
  const { students = 0, warmupSteps = 3, onStep, windows = 1 } = options;
  const rng = createRng(12345);
  const classes = sizes[sizes.length - 1]!;
  const inputs = Float32Array.from({ length: batchSize * sizes[0]! }, () => rng.normal());
  const labels = Int32Array.from({ length: batchSize }, () => rng.int(classes));
  const x = tf.tensor2d(inputs, [batchSize, sizes[0]!]);
  const labelTensor = tf.tensor1d(labels, 'int32');
  const y = tf.tidy(() => tf.oneHot(labelTensor, classes).toFloat() as tf.Tensor2D);
  const disposables: { dispose(): void }[] = [x, labelTensor, y];
  let step: () => tf.Tensor;
  if (students > 0) {
    const specs: StudentSpec[] = Array.from({ length: students }, (_, s) => ({
      id: `bench-${s}`,
      label: `bench ${s}`,
      layers: sizes.slice(1, -1).join('-'),
      target: s % 2 === 0 ? { kind: 'hard' } : { kind: 'soft', temperature: 4, alpha: 0.9 },
      ignoredClasses: [],
    }));
    // Named apart from a run's stacks, which may be alive while a backend is measured (a second run of other models).
    const stack = new StudentStack(specs, sizes, initialWeights(sizes, rng), labels, 1e-3, `benchmark-students-${specs[0]!.layers}`);
    const soft = tf.tidy(() => tf.softmax(tf.randomNormal([batchSize, classes], 0, 3, 'float32', 1)) as tf.Tensor2D);
    stack.setTargets(new Map([[4, soft]]), y);
    const { targets } = await stack.batchSources(); // [S, B, classes]: the whole set is one batch
    disposables.push(stack, soft);
    step = () =>
      tf.tidy(() => {
        stack.step(x, y, targets.device as tf.Tensor3D, null);
        return tf.sum(stack.model.variables[0]!);
      });
  } else {
    const model = new Mlp('benchmark', sizes, initialWeights(sizes, rng));
    const optimizer = new Adam(model.variables, 1e-3);
    disposables.push(model, optimizer);
    step = () =>
      tf.tidy(() => {
        optimizer.applyGradients(model.gradients(x, (logits) => tf.div(tf.sub(tf.softmax(logits), y), batchSize) as tf.Tensor2D));
        return tf.sum(model.variables[0]!);
      });
  }
  const counted = step;
  step = () => {
    const cost = counted();
    onStep?.();
    return cost;
  };
  try {
    // Each step returns a small tensor that depends on the update, to wait on. Warm-up compiles shaders / kernels; not counted.
    let stepMs = 0;
    const compiles = ['webgl', 'webgpu'].includes(tf.getBackend());
    for (let i = 0; i < warmupSteps; i++) {
      const begun = performance.now();
      const cost = step();
      await readBack(cost.data());
      cost.dispose();
      stepMs = performance.now() - begun;
      const judged = slowStepThroughput(stepMs, batchSize, budgetMs, i, compiles);
      if (judged !== null) return judged;
    }
    let steps = 0;
    const perRead = stepsPerRead(stepMs, budgetMs);
    const marks: TimingMark[] = [];
    const started = performance.now();
    while (performance.now() - started < budgetMs) {
      for (let i = 1; i < perRead; i++) step().dispose();
      const cost = step();
      await readBack(cost.data()); // wait for queued GPU work before reading the clock
      cost.dispose();
      steps += perRead;
      marks.push({ at: performance.now(), steps });
    }
    return fastestWindowRate(started, marks, budgetMs / Math.max(1, windows), batchSize);
  } finally {
    for (const d of disposables) d.dispose();
  }
}
