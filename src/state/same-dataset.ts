/**
 * Whether a dataset the worker reports is the one already on screen, value for value. A run's first report carries
 * its data even when the preview showed the very same points; keeping the object on screen then leaves every panel
 * drawn from it as it is. Redrawing them in that report's handler cost up to 60 ms of main thread at Train (the
 * scatter plot of the full-data preset: ~30 ms of canvas raster alone, in a Chromium trace).
 */
import type { DatasetView } from '../protocol/messages';

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
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
