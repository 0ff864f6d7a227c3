/**
 * The loss a stack of students reports (the loss chart's points), against the pure reference of src/core/losses.ts:
 * the hard student's cross-entropy; the soft ones' α·T²·KL(targets ‖ student_T) + (1 − α)·CE, each averaged over
 * the examples it learns from.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropyWithLogits, klDivergence, oneHot } from '../../src/core/losses';
import { createRng } from '../../src/core/rng';
import { studentSpecs } from '../../src/core/roster';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { softmax } from '../../src/core/softmax';
import { initialWeights } from '../../src/engine/mlp';
import { StudentStack } from '../../src/engine/student-stack';
import { useCpu } from './setup';

beforeAll(useCpu);

describe('the students’ reported loss', () => {
  it('is the cross-entropy for the hard student and α·T²·KL + (1 − α)·CE for the soft ones, over the examples each learns from', async () => {
    const [T, alpha, classes, n] = [4, 0.7, 4, 40];
    const specs = studentSpecs({ ...DEFAULT_SETTINGS, temperature: T, alpha, omittedClass: 2 }); // hard, soft (no 2s), soft-all
    const sizes = [5, 8, classes];
    const rng = createRng(3);
    const xValues = Float32Array.from({ length: n * 5 }, () => rng.normal());
    const labels = Int32Array.from({ length: n }, () => rng.int(classes));
    // Soft targets with exact zeros in the first row (0·log 0 counts 0) and ordinary rows after it.
    const targets = Array.from({ length: n }, (_, i) => (i === 0 ? [1, 0, 0, 0] : softmax(Array.from({ length: classes }, () => 3 * rng.normal()), T)));
    const soft = tf.tensor2d(targets.flat(), [n, classes]);
    const hot = tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat() as tf.Tensor2D;
    const stack = new StudentStack(specs, sizes, initialWeights(sizes, createRng(5)), labels, 0.01);
    stack.setTargets(new Map([[T, soft]]), hot);

    const x = tf.tensor2d(xValues, [n, 5]);
    const logits = stack.model.predict(x);
    const losses = stack.transferLosses(logits, hot);
    const [reported, z] = [Array.from(await losses.data()), (await logits.array()) as number[][][]];

    specs.forEach((spec, s) => {
      const rows = [...labels.keys()].filter((i) => !spec.ignoredClasses.includes(labels[i]!));
      const perRow = rows.map((i) => {
        const hard = crossEntropyWithLogits(oneHot(labels[i]!, classes), z[s]![i]!);
        if (spec.target.kind === 'hard') return hard;
        return alpha * T * T * klDivergence(targets[i]!, softmax(z[s]![i]!, T)) + (1 - alpha) * hard;
      });
      const expected = perRow.reduce((a, b) => a + b, 0) / rows.length;
      expect(reported[s], spec.id).toBeCloseTo(expected, 4);
    });
    // The soft students' loss is not the cross-entropy (that one is higher by α·T² times the targets' entropy).
    const softIndex = specs.findIndex((spec) => spec.target.kind === 'soft');
    expect(reported[softIndex]).toBeGreaterThan(0);
    expect(specs.map((spec) => spec.ignoredClasses.length)).toContain(0);
    expect(specs.some((spec) => spec.ignoredClasses.includes(2))).toBe(true);

    stack.dispose();
    tf.dispose([soft, hot, x, logits, losses]);
  });

  it('is about 0 for a soft student (α = 1) whose targets are its own softened outputs (the cross-entropy would be T² times their entropy)', async () => {
    const [T, classes, n] = [8, 4, 30];
    const specs = studentSpecs({ ...DEFAULT_SETTINGS, temperature: T, alpha: 1 });
    const sizes = [5, 8, classes];
    const rng = createRng(11);
    const labels = Int32Array.from({ length: n }, () => rng.int(classes));
    const x = tf.tensor2d(Float32Array.from({ length: n * 5 }, () => rng.normal()), [n, 5]);
    const hot = tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat() as tf.Tensor2D;
    const stack = new StudentStack(specs, sizes, initialWeights(sizes, createRng(2)), labels, 0.01);
    // Every member starts from the same weights, so each one's logits are the first one's.
    const logits = stack.model.predict(x);
    const own = tf.tidy(() => tf.softmax(tf.div(tf.squeeze(tf.slice(logits, [0, 0, 0], [1, n, classes]), [0]), T)) as tf.Tensor2D);
    stack.setTargets(new Map([[T, own]]), hot);
    const losses = stack.transferLosses(logits, hot);
    const soft = (await losses.data())[specs.findIndex((spec) => spec.target.kind === 'soft')]!;
    expect(soft).toBeGreaterThanOrEqual(0);
    expect(soft).toBeLessThan(1e-4);
    stack.dispose();
    tf.dispose([x, hot, logits, own, losses]);
  });
});
