/**
 * A batch taken in pieces, so that Pause and Reset act within a moment whatever the model's size. The worker
 * looks at its messages only between two pieces of work, and one Adam step of two 4096-4096 students takes
 * about a second of wasm here: for models that large a batch's gradient is summed over pieces of rows (each
 * piece scaled as a part of the whole batch), and Adam steps once, on the sum — the step of the whole batch, up
 * to float rounding. Small models (every preset's) take each batch whole, exactly as before.
 */
import * as tf from '@tensorflow/tfjs';

/** About this many FLOPs of training work per piece: ~0.1 s of wasm on this machine's large products. */
export const STEP_PIECE_FLOPS = 4e8;

/**
 * How many copies of a run's training weights its first batches allocate beside the weights and Adam's moments:
 * a piece's gradients, the running sum of a batch's gradients and the next sum (made before the last is freed),
 * and XNNPACK's packed copy of each weight matrix. With three, two 4096-4096 students still grew the heap in
 * their second piece (0.5 s, Pause waiting); with five, that piece took 0.07 s (`src/cli` probe, wasm, this machine).
 */
export const RESERVED_WEIGHT_COPIES = 5;

/** Below this many floats a run's first batches grow the wasm heap by too little to matter. */
const RESERVE_FROM = 1 << 22;
/** The heap grows by at most this many floats in one unit of work (32 MB: ~0.1 s of growth on wasm here). */
export const RESERVE_CHUNK_FLOATS = 1 << 23;

/** Floats of wasm heap beyond the bytes of the tensors alive (about what new tensors can take without growing it). */
function wasmHeapFreeFloats(): number {
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: { buffer: { byteLength: number } } } }).wasm?.HEAPU8?.buffer.byteLength;
  return typeof heap === 'number' ? Math.max(0, heap - tf.memory().numBytes) / 4 : 0;
}

/**
 * The wasm heap a large run's first batches will need, grown before them in chunks, a unit of work each, so that
 * Pause acts between chunks (DistillationRun.advanceFor runs them first). Growing the heap inside a batch took
 * seconds for two 4096-4096 students (their first piece 1.8 s against 0.2 s after a reserve; later pieces
 * ~0.06 s); growing it all at once when the run was made took as long (and the run's set-up cannot be paused).
 * Each chunk is a tensor filled on the device (`tf.fill`: `tf.zeros` would first make the zeros in JavaScript and
 * copy them in, 2.5 s for 670 MB here against 0.04 s), kept until the last is made; then all are freed and the
 * memory stays the heap's for the batches to reuse. Nothing on other backends or for small models.
 */
export class HeapReserve {
  private chunks: tf.Tensor[] = [];
  private left: number;

  constructor(floats: number) {
    // Nothing to grow when the heap already has that much room beyond the tensors alive (a run after a larger one).
    this.left = tf.getBackend() === 'wasm' && floats >= RESERVE_FROM && floats > wasmHeapFreeFloats() ? Math.round(floats) : 0;
  }

  get done(): boolean {
    return this.left === 0;
  }

  /** Grow by one more chunk; after the last, free them all. */
  next(): void {
    if (this.done) return;
    const size = Math.min(this.left, RESERVE_CHUNK_FLOATS);
    this.chunks.push(tf.fill([size], 0));
    this.left -= size;
    if (this.done) this.dispose();
  }

  dispose(): void {
    tf.dispose(this.chunks);
    this.chunks = [];
    this.left = 0;
  }
}

/** Into how many pieces a batch of `rows` examples is cut when one example costs `flopsPerExample` (at most one per row). */
export function piecesPerBatch(rows: number, flopsPerExample: number, pieceFlops = STEP_PIECE_FLOPS): number {
  return Math.max(1, Math.min(rows, Math.ceil((rows * flopsPerExample) / pieceFlops)));
}

/** One unit of an epoch's work: piece `piece` of `pieces` of batch `batch`. */
export interface BatchPiece {
  batch: number;
  piece: number;
  pieces: number;
  /** The piece's rows of the batch: [begin, begin + size). */
  begin: number;
  size: number;
}

/** An epoch's work, batch by batch, each batch in near-equal pieces of rows (`rowsOf(k)`: the rows of batch k). */
export function epochPieces(batchCount: number, rowsOf: (k: number) => number, flopsPerExample: number, pieceFlops = STEP_PIECE_FLOPS): BatchPiece[] {
  const units: BatchPiece[] = [];
  for (let batch = 0; batch < batchCount; batch++) {
    const rows = rowsOf(batch);
    const pieces = piecesPerBatch(rows, flopsPerExample, pieceFlops);
    for (let piece = 0; piece < pieces; piece++) {
      const begin = Math.floor((piece * rows) / pieces);
      units.push({ batch, piece, pieces, begin, size: Math.floor(((piece + 1) * rows) / pieces) - begin });
    }
  }
  return units;
}

/**
 * An epoch's work for `trainees` models (teachers, or student stacks) costing `flopsPerExample` together: its
 * batches (in `order`) in pieces, and one gradient sum per trainee for the batches taken in pieces.
 */
export function epochWork(order: { batchCount: number; batch(k: number): { shape: readonly number[] } }, flopsPerExample: number, pieceFlops: number, trainees: number): { units: BatchPiece[]; sums: GradientSum[] } {
  const units = epochPieces(order.batchCount, (k) => order.batch(k).shape[0]!, flopsPerExample, pieceFlops);
  return { units, sums: Array.from({ length: trainees }, () => new GradientSum()) };
}

/** Rows [begin, begin + size) of a batch tensor: axis 0 of [B, …], axis 1 of a stacked [S, B, …]. */
export function pieceRows<T extends tf.Tensor>(batch: T, unit: BatchPiece, axis: 0 | 1 = 0): T {
  if (unit.pieces === 1) return batch;
  const begin = batch.shape.map((_, i) => (i === axis ? unit.begin : 0));
  const size = batch.shape.map((_, i) => (i === axis ? unit.size : -1));
  return tf.slice(batch, begin, size);
}

/** Gradients summed over a batch's pieces, kept across tidies until the batch's last piece takes them. */
export class GradientSum {
  private sum: tf.Tensor[] | null = null;

  /** Add a piece's gradients (call inside tf.tidy: the sum is kept, the piece's tensors go with the tidy). */
  add(gradients: readonly tf.Tensor[]): void {
    const before = this.sum;
    this.sum = gradients.map((g, i) => tf.keep(before ? tf.add(before[i]!, g) : tf.clone(g)));
    if (before) tf.dispose(before);
  }

  /** Add piece `unit`'s gradients; at its batch's last piece, step with the sum (then freed) and start afresh. Inside tf.tidy. */
  addAndStep(gradients: readonly tf.Tensor[], unit: BatchPiece, step: (summed: readonly tf.Tensor[]) => void): void {
    this.add(gradients);
    if (unit.piece + 1 < unit.pieces) return;
    const summed = this.take();
    step(summed);
    tf.dispose(summed);
  }

  /** The sum so far, handed over (the caller disposes it), and a fresh start. */
  take(): tf.Tensor[] {
    const sum = this.sum ?? [];
    this.sum = null;
    return sum;
  }

  dispose(): void {
    if (this.sum) tf.dispose(this.sum);
    this.sum = null;
  }
}
