/**
 * "Draw a digit", as runes: the strokes drawn on the pad (undone one by one),
 * or a test digit picked instead (the keyboard's way in), the input they make
 * (core/digit-drawing.ts: processed as the MNIST digits were), and the run's
 * reading of it from the worker ('classify' → 'classified'). At most one
 * request is in flight: a newer drawing waits for its answer and then goes,
 * so a slow worker (one training slice, ~100 ms) never piles requests up; an
 * answer to a request made before the drawing was emptied or the run changed
 * is dropped.
 */
import { processDrawing, type DigitInputSide, type Stroke } from '../core/digit-drawing';
import type { Settings } from '../core/settings';
import type { DatasetView, FromWorker } from '../protocol/messages';

export type Classified = Extract<FromWorker, { type: 'classified' }>;

/** What the pad needs of the page: the input's resolution (null off the digit presets) and the test digits. */
export interface DrawingSource {
  side(): DigitInputSide | null;
  /** Test digit `index` on the dataset's scale (side² values in 0–1); null when there is no such digit. */
  testDigit(index: number): Float32Array | null;
}

/** The model's input, and the 28×28 field it came from (null for a 14×14 test digit: it has none). */
export interface DrawnInput {
  field: Float32Array | null;
  input: Float32Array;
}

export class DigitDrawing {
  /** Finished strokes, oldest first. */
  strokes = $state.raw<Stroke[]>([]);
  /** The stroke under the pointer, as of the last animation frame; null between strokes. */
  current = $state.raw<Stroke | null>(null);
  /** A test digit picked instead of a drawing (index into the test split); null while drawing. */
  sample = $state<number | null>(null);
  /** The latest reading: logits by model id ('teacher' and the students' ids); null before one. */
  logits = $state.raw<Record<string, Float32Array> | null>(null);
  /** Why the worker had no logits for the latest request (no run, the teacher still training…). */
  reason = $state<string | null>(null);
  /** A request is waiting for its answer. */
  waiting = $state(false);

  private lastId = 0;
  private inFlight: number | null = null;
  private next: Float32Array | null = null;
  /** Answers to requests up to this number are about a drawing or a run that is gone. */
  private staleUpTo = 0;
  /** The models the latest request was for (see `refresh`). */
  private models: unknown = null;

  constructor(
    private readonly source: DrawingSource,
    private readonly send: (pixels: Float32Array, requestId: number) => void,
  ) {}

  readonly empty = $derived(this.strokes.length === 0 && this.current === null && this.sample === null);

  readonly input: DrawnInput | null = $derived.by(() => {
    const side = this.source.side();
    if (!side) return null;
    if (this.sample !== null) {
      const input = this.source.testDigit(this.sample);
      return input ? { field: side === 28 ? input : null, input } : null;
    }
    return processDrawing(this.current ? [...this.strokes, this.current] : this.strokes, side);
  });

  /** A stroke begins or goes on (called at most once an animation frame): a drawing replaces a picked digit. */
  drawStroke(points: Stroke): void {
    this.sample = null;
    this.current = points;
  }

  /** The pointer is lifted: the stroke is kept (one step of Undo). */
  endStroke(points: Stroke): void {
    this.current = null;
    if (points.length > 0) this.strokes = [...this.strokes, points];
  }

  /** Take back the last stroke (or the picked test digit). */
  undo(): void {
    if (this.sample !== null) this.sample = null;
    else this.strokes = this.strokes.slice(0, -1);
  }

  clear(): void {
    this.strokes = [];
    this.current = null;
    this.sample = null;
  }

  /** Read test digit `index` instead of a drawing. */
  pick(index: number): void {
    this.clear();
    this.sample = index;
  }

  /**
   * Ask for a reading of `input` by `models` (anything that changes when the run's models do, e.g. its teacher's
   * logits; null: no teacher yet, nothing is asked). Readings of other models or of an emptied pad are dropped.
   */
  refresh(input: Float32Array | null, models: unknown): void {
    if (models !== this.models || !input) this.forget();
    this.models = models;
    if (!input || models === null) {
      this.next = null;
      return;
    }
    if (this.inFlight !== null) {
      this.next = input;
      return;
    }
    this.inFlight = ++this.lastId;
    this.waiting = true;
    this.send(input, this.inFlight);
  }

  /** The worker's answer: shown if it is the latest wanted; then the drawing made meanwhile, if any, goes. */
  receive(message: Classified): void {
    if (message.requestId !== this.inFlight) return;
    this.inFlight = null;
    this.waiting = false;
    if (message.requestId > this.staleUpTo) {
      this.logits = message.logits;
      this.reason = message.reason;
    }
    const next = this.next;
    this.next = null;
    if (next) this.refresh(next, this.models);
  }

  /** A new worker: nothing asked of the old one will be answered. */
  restart(): void {
    this.inFlight = null;
    this.next = null;
    this.waiting = false;
    this.models = null;
    this.forget();
  }

  private forget(): void {
    this.staleUpTo = this.lastId;
    this.logits = null;
    this.reason = null;
  }
}

/** The pad's view of the page: the data on screen (the run's, or a preview), else the settings' dataset. */
export function pageDrawingSource(page: { readonly dataset: DatasetView | null; readonly settings: Settings }): DrawingSource {
  return {
    side: () => {
      const { dataset } = page.settings;
      const side = page.dataset ? page.dataset.imageSide : dataset === 'digits-28' ? 28 : dataset === 'digits-14' ? 14 : null;
      return side === 14 || side === 28 ? side : null;
    },
    testDigit: (index) => {
      const data = page.dataset;
      if (!data?.imageSide || !Number.isInteger(index) || index < 0 || index >= data.testY.length) return null;
      return data.testX.slice(index * data.inputSize, (index + 1) * data.inputSize);
    },
  };
}
