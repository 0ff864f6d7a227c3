/**
 * An epoch's evaluation (every model's logits over whole splits) cut into
 * units of about EVAL_UNIT_FLOPS, so the worker can look at its messages
 * between two of them: for large models one evaluation is tens of seconds of
 * work (students 4096-4096 on 6,000 points: ~4·10¹¹ FLOP), and Pause must not
 * wait for it. A model small enough for a whole chunk per unit uses the
 * split's chunks as they are, exactly as a single prediction would; a larger
 * one predicts fewer rows at a time, uploaded from the host copy (a slice of a
 * device tensor is slow on wasm, see row-chunks.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { EVAL_CHUNK_ROWS, type Rows } from './row-chunks';
import type { Split } from './split';

/** About 50 ms of work at 20 GFLOP/s (wasm here); a training batch of a large model is of the same order. */
export const EVAL_UNIT_FLOPS = 1e9;
const MIN_UNIT_ROWS = 16;

/** Rows per unit for a model of this cost: a whole chunk when it is cheap enough. */
export function rowsPerUnit(rowFlops: number): number {
  return Math.max(MIN_UNIT_ROWS, Math.min(EVAL_CHUNK_ROWS, Math.floor(EVAL_UNIT_FLOPS / rowFlops)));
}

/** Decision maps: the finest grid (points per side) up to this, as long as one map costs at most MAP_FLOPS. */
export const MAP_MAX_RESOLUTION = 72;
const MAP_MIN_RESOLUTION = 16;
const MAP_FLOPS = 4e9;

/**
 * Points per side of a decision map for models costing `rowFlops` a point together: 72 for the usual
 * students; coarser for large ones (students 4096-4096: 16), whose 72×72 map would be ~3·10¹¹ FLOP,
 * half a minute of wasm that Pause could not interrupt.
 */
export function mapResolution(rowFlops: number): number {
  return Math.max(MAP_MIN_RESOLUTION, Math.min(MAP_MAX_RESOLUTION, Math.floor(Math.sqrt(MAP_FLOPS / rowFlops))));
}

export interface EvaluationTarget {
  predict: (rows: Rows) => tf.Tensor;
  rowFlops: number;
  split: Split;
  /** The rows' axis of the prediction (0 for one model, 1 for a stack). */
  rowAxis: number;
}

export class SlicedEvaluation {
  private readonly units: (() => void)[] = [];
  private readonly pieces: tf.Tensor[][];
  private next = 0;

  constructor(private readonly targets: readonly EvaluationTarget[]) {
    this.pieces = targets.map(() => []);
    targets.forEach(({ predict, rowFlops, split }, t) => {
      const keep = (rows: () => Rows) => this.units.push(() => this.pieces[t]!.push(tf.tidy(() => predict(rows()))));
      const rows = rowsPerUnit(rowFlops);
      if (rows >= EVAL_CHUNK_ROWS) {
        for (const chunk of split.chunks) keep(() => [chunk]);
        return;
      }
      const width = split.width;
      for (let start = 0; start < split.count; start += rows) {
        const end = Math.min(split.count, start + rows);
        keep(() => tf.tensor2d(split.hostX.subarray(start * width, end * width), [end - start, width]));
      }
    });
  }

  get done(): boolean {
    return this.next >= this.units.length;
  }

  runNext(): void {
    this.units[this.next++]!();
  }

  /** Target t's prediction over its whole split (a new tensor: call inside a tidy). */
  logits(t: number): tf.Tensor {
    const pieces = this.pieces[t]!;
    return pieces.length === 1 ? pieces[0]!.clone() : tf.concat(pieces, this.targets[t]!.rowAxis);
  }

  dispose(): void {
    tf.dispose(this.pieces.flat());
    this.pieces.forEach((p) => (p.length = 0));
  }
}
