/**
 * Training points as marks on a 2D canvas, one path per class. Round dots where there are few; where there are
 * thousands ("Full data": 4,000), squares: Chromium rasterised 4,000 ringed circles in 65–130 ms (a long task as the
 * run began: CanvasRenderingContext2D::FinalizeFrame), 4,000 squares in 5–17 ms (headless Chromium, this machine).
 */

/** More points than this are drawn as squares. */
export const CROWDED_POINTS = 1000;

/**
 * Fills and outlines `count` points with the context's line settings, one path per colour: thousands of points in a
 * handful of fills. `at(i)` is point i's position in the canvas's CSS pixels, `colourOf(i)` its fill.
 */
export function drawPointMarks(ctx: CanvasRenderingContext2D, count: number, at: (i: number) => readonly [number, number], colourOf: (i: number) => string, radius: number, crowded: boolean): void {
  const byColour = new Map<string, Path2D>();
  for (let i = 0; i < count; i++) {
    const colour = colourOf(i);
    const path = byColour.get(colour) ?? byColour.set(colour, new Path2D()).get(colour)!;
    const [x, y] = at(i);
    addPointMark(path, x, y, radius, crowded);
  }
  for (const [colour, path] of byColour) {
    ctx.fillStyle = colour;
    ctx.fill(path);
    ctx.stroke(path);
  }
}

/** Adds one point's mark to a class's path: a circle of this radius, or (crowded) a square of the same half-side. */
function addPointMark(path: Path2D, x: number, y: number, radius: number, crowded: boolean): void {
  if (crowded) {
    path.rect(x - radius, y - radius, 2 * radius, 2 * radius);
    return;
  }
  path.moveTo(x + radius, y);
  path.arc(x, y, radius, 0, 2 * Math.PI);
}
