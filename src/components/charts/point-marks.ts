/**
 * Training points as marks on a 2D canvas, one path per class. Round dots where there are few; where there are
 * thousands ("Full data": 4,000), squares: Chromium rasterised 4,000 ringed circles in 65–130 ms (a long task as the
 * run began: CanvasRenderingContext2D::FinalizeFrame), 4,000 squares in 5–17 ms (headless Chromium, this machine).
 */

/** More points than this are drawn as squares. */
export const CROWDED_POINTS = 1000;

/** Adds one point's mark to a class's path: a circle of this radius, or (crowded) a square of the same half-side. */
export function addPointMark(path: Path2D, x: number, y: number, radius: number, crowded: boolean): void {
  if (crowded) {
    path.rect(x - radius, y - radius, 2 * radius, 2 * radius);
    return;
  }
  path.moveTo(x + radius, y);
  path.arc(x, y, radius, 0, 2 * Math.PI);
}
