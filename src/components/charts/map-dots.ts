/**
 * The students' training points over a decision map, drawn on a canvas laid over it. They were DOM dots (a span
 * each, positioned in percent): with "Full data", 4,000 points on each of two maps made 8,000 elements, and the frame
 * that first laid them out was a 262–445 ms task (style 104 ms, layout 52, paint 105, layerize 45; Chromium trace,
 * `npm run bench -- --ui --presets full-data`). A canvas draws them in a few milliseconds and adds two elements.
 */
import type { Bounds } from '../../core/grid';
import { CROWDED_POINTS, drawPointMarks } from './point-marks';

export interface MapDot {
  /** Percent of the map's box from its left and top edges. */
  left: number;
  top: number;
  colour: string;
}

/** The training points (row-major x, y) as dots over a map of these bounds: percent of its box, y up, in their class's colour. */
export function placeMapDots(points: Float32Array, labels: Int32Array, bounds: Bounds, colourOf: (label: number) => string): MapDot[] {
  const { minX, maxX, minY, maxY } = bounds;
  return Array.from(labels, (label, i) => ({
    left: ((points[2 * i]! - minX) / (maxX - minX)) * 100,
    top: ((maxY - points[2 * i + 1]!) / (maxY - minY)) * 100,
    colour: colourOf(label),
  }));
}

/**
 * A dot's radius and outline, in CSS pixels: 7 px across with its dark edge, as the DOM dots were; where there are
 * thousands ("Full data"), small squares with a faint edge (point-marks.ts), so the map still shows between them.
 */
const RADIUS = 3;
const CROWDED_RADIUS = 2;
const OUTLINE = '#111';
const CROWDED_OUTLINE = 'rgba(17, 17, 17, 0.45)';

/**
 * The dots rasterised once per list and pixel size: the two students' maps show the same points at the same size, so
 * the second layer is one copy of the first's pixels (drawImage) rather than thousands of marks rasterised again.
 */
const rasterised = new WeakMap<readonly MapDot[], HTMLCanvasElement>();

function dotsRaster(dots: readonly MapDot[], width: number, height: number, ratio: number): HTMLCanvasElement | null {
  const pixelWidth = Math.max(1, Math.round(width * ratio));
  const pixelHeight = Math.max(1, Math.round(height * ratio));
  const kept = rasterised.get(dots);
  if (kept && kept.width === pixelWidth && kept.height === pixelHeight) return kept;
  const raster = document.createElement('canvas');
  raster.width = pixelWidth;
  raster.height = pixelHeight;
  const ctx = raster.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const crowded = dots.length > CROWDED_POINTS;
  ctx.lineWidth = crowded ? 0.5 : 1;
  ctx.strokeStyle = crowded ? CROWDED_OUTLINE : OUTLINE;
  const at = (i: number) => [(dots[i]!.left / 100) * width, (dots[i]!.top / 100) * height] as const;
  drawPointMarks(ctx, dots.length, at, (i) => dots[i]!.colour, crowded ? CROWDED_RADIUS : RADIUS, crowded);
  rasterised.set(dots, raster);
  return raster;
}

/** Draws the dots over the whole canvas, at `width` × `height` CSS pixels and the screen's pixel ratio. */
export function drawMapDots(canvas: HTMLCanvasElement, dots: readonly MapDot[], width: number, height: number, ratio: number): void {
  const raster = dotsRaster(dots, width, height, ratio);
  canvas.width = raster?.width ?? 1;
  canvas.height = raster?.height ?? 1;
  if (raster) canvas.getContext('2d')?.drawImage(raster, 0, 0);
}

/**
 * Keeps a canvas's dots drawn at its laid-out size: drawn when the canvas is first laid out and again whenever its
 * box changes size (a ResizeObserver, which reports after layout, so nothing forces one). Each drawing waits for a
 * task of its own: drawn inside the observer's callback, the two students' layers were 12–17 ms each of the frame
 * that first showed their maps ("Full data": 4,000 points; a 57–72 ms frame, `npm run bench -- --ui`). Returns a stop.
 */
export function keepMapDotsDrawn(canvas: HTMLCanvasElement, dots: readonly MapDot[]): () => void {
  canvas.dataset.dots = String(dots.length);
  let pending: ReturnType<typeof setTimeout> | undefined;
  const observer = new ResizeObserver(([entry]) => {
    const box = entry?.contentBoxSize[0];
    if (!box) return;
    clearTimeout(pending);
    pending = setTimeout(() => drawMapDots(canvas, dots, box.inlineSize, box.blockSize, window.devicePixelRatio || 1), 0);
  });
  observer.observe(canvas);
  return () => {
    clearTimeout(pending);
    observer.disconnect();
  };
}
