/**
 * Whether a dataset the worker reports is the one already on screen, value for value. A run's first report carries
 * its data even when the preview showed the very same points; keeping the object on screen then leaves every panel
 * drawn from it as it is. Redrawing them in that report's handler cost up to 60 ms of main thread at Train (the
 * scatter plot of the full-data preset: ~30 ms of canvas raster alone, in a Chromium trace).
 */
import type { DatasetView } from '../protocol/messages';

/**
 * Bit for bit, as 32-bit words: one loop for every array (a digits run compares 4.4 million values at Train, once,
 * before the code is optimised: 8 ms in Node against 17 ms value by value).
 */
function sameArray(a: Float32Array | Int32Array, b: Float32Array | Int32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Int32Array(a.buffer, a.byteOffset, a.length);
  const y = new Int32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

export function sameDatasetView(shown: DatasetView | null, next: DatasetView): boolean {
  if (!shown) return false;
  if (shown === next) return true;
  return (
    shown.name === next.name &&
    shown.inputSize === next.inputSize &&
    shown.imageSide === next.imageSide &&
    shown.classNames.length === next.classNames.length &&
    shown.classNames.every((c, i) => c === next.classNames[i]) &&
    JSON.stringify(shown.families) === JSON.stringify(next.families) &&
    sameArray(shown.testY, next.testY) &&
    sameArray(shown.transferY, next.transferY) &&
    sameArray(shown.testX, next.testX) &&
    sameArray(shown.transferX, next.transferX)
  );
}

/** The dataset to show: the one on screen when `next` equals it, so nothing drawn from it is drawn again. */
export function keepIfSame(shown: DatasetView | null, next: DatasetView): DatasetView {
  return shown && sameDatasetView(shown, next) ? shown : next;
}
