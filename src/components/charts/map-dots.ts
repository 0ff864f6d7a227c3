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

/** Draws the dots over the whole canvas, at `width` × `height` CSS pixels and the screen's pixel ratio. */
export function drawMapDots(canvas: HTMLCanvasElement, dots: readonly MapDot[], width: number, height: number, ratio: number): void {
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const crowded = dots.length > CROWDED_POINTS;
  ctx.lineWidth = crowded ? 0.5 : 1;
  ctx.strokeStyle = crowded ? CROWDED_OUTLINE : OUTLINE;
  const at = (i: number) => [(dots[i]!.left / 100) * width, (dots[i]!.top / 100) * height] as const;
  drawPointMarks(ctx, dots.length, at, (i) => dots[i]!.colour, crowded ? CROWDED_RADIUS : RADIUS, crowded);
}

/**
 * Keeps a canvas's dots drawn at its laid-out size: drawn when the canvas is first laid out and again whenever its
 * box changes size (a ResizeObserver, which reports after layout, so nothing forces one). Returns a stop.
 */
export function keepMapDotsDrawn(canvas: HTMLCanvasElement, dots: readonly MapDot[]): () => void {
  canvas.dataset.dots = String(dots.length);
  const observer = new ResizeObserver(([entry]) => {
    const box = entry?.contentBoxSize[0];
    if (box) drawMapDots(canvas, dots, box.inlineSize, box.blockSize, window.devicePixelRatio || 1);
  });
  observer.observe(canvas);
  return () => observer.disconnect();
}
