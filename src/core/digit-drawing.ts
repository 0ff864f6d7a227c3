/**
 * A digit drawn on the pad, made into the model's input the way the MNIST
 * digits were made (LeCun, Cortes & Burges): the strokes rendered in grey
 * levels (antialiased), the ink's bounding box scaled to fit a 20×20 box with
 * its aspect kept (area-averaged, so edges stay grey), that box placed in a
 * 28×28 field so that its centre of mass is at the field's centre, then
 * brought to the preset's resolution exactly as the dataset's conversion does
 * (datasets/digits/convert.ts: 0–255 pixels, 2×2 averages for 14×14, then /255).
 * Pure: no DOM or tfjs, tested in Node.
 */
import { downsample2x } from '../../datasets/digits/format';

/** A point of a stroke, in pad units: the pad is the square [0, 1]², x to the right, y down. */
export interface PadPoint {
  x: number;
  y: number;
}
export type Stroke = readonly PadPoint[];

/** A grey image, row-major, ink from 0 (none) to 1. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Float32Array;
}

/** The MNIST field and the box the ink's bounding box is scaled to fit. */
export const FIELD_SIDE = 28;
export const BOX_SIDE = 20;
/**
 * Where the centre of mass goes, in pixel indices: MNIST's every test digit has its centre of mass
 * within half a pixel of pixel (14, 14), and re-processed here 9,997 of the 10,000 come back unchanged.
 */
export const FIELD_CENTRE = FIELD_SIDE / 2;
/**
 * The pen's width as a share of the drawing's larger side, so that the stroke is
 * about 2–3 pixels wide in the 20×20 box, as in MNIST, however large the digit was drawn.
 */
export const PEN_SHARE = 0.12;
/** The pen's least width, in pad units (a dot, or a digit drawn tiny). */
export const MIN_PEN = 0.01;
/** The rendered drawing's larger side, in pixels, before it is scaled to the 20×20 box (4× oversampled). */
export const RENDER_SIDE = 80;

/** Every stroke's points, checked: a point that is not a finite number is a clear error, not a silent NaN. */
function allPoints(strokes: readonly Stroke[]): PadPoint[] {
  const points = strokes.flat();
  for (const { x, y } of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`A drawn point must have finite coordinates, got (${x}, ${y}).`);
  }
  return points;
}

/**
 * The strokes rendered as a grey image framing the ink, its larger side `side`
 * pixels, with a pen PEN_SHARE of the drawing's larger side wide (at least
 * MIN_PEN); each pixel's grey level is the pen's coverage, approximated from its
 * distance to the stroke (antialiased). Null when nothing is drawn.
 */
export function renderStrokes(strokes: readonly Stroke[], side = RENDER_SIDE): GreyImage | null {
  const points = allPoints(strokes);
  if (points.length === 0) return null;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const pen = Math.max(MIN_PEN, PEN_SHARE * Math.max(maxX - minX, maxY - minY));
  const radius = pen / 2;
  // One pixel of margin round the pen's reach, so no ink touches the frame's edge.
  const extent = Math.max(maxX - minX, maxY - minY) + pen;
  const scale = (side - 2) / extent;
  const width = Math.max(1, Math.ceil((maxX - minX + pen) * scale) + 2);
  const height = Math.max(1, Math.ceil((maxY - minY + pen) * scale) + 2);
  const x0 = minX - radius - 1 / scale;
  const y0 = minY - radius - 1 / scale;
  const pixels = new Float32Array(width * height);
  const r = radius * scale;
  const segment = (a: PadPoint, b: PadPoint) => {
    // In pixel units; pixel (i, j) has its centre at (j + 0.5, i + 0.5).
    const ax = (a.x - x0) * scale;
    const ay = (a.y - y0) * scale;
    const dx = (b.x - x0) * scale - ax;
    const dy = (b.y - y0) * scale - ay;
    const length2 = dx * dx + dy * dy;
    const left = Math.max(0, Math.floor(Math.min(ax, ax + dx) - r - 1));
    const right = Math.min(width - 1, Math.ceil(Math.max(ax, ax + dx) + r + 1));
    const top = Math.max(0, Math.floor(Math.min(ay, ay + dy) - r - 1));
    const bottom = Math.min(height - 1, Math.ceil(Math.max(ay, ay + dy) + r + 1));
    for (let i = top; i <= bottom; i++) {
      for (let j = left; j <= right; j++) {
        const px = j + 0.5 - ax;
        const py = i + 0.5 - ay;
        const t = length2 > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / length2)) : 0;
        const ex = px - t * dx;
        const ey = py - t * dy;
        const distance = Math.sqrt(ex * ex + ey * ey);
        const coverage = Math.min(1, r + 0.5 - distance);
        // Less than half a grey level of 0–255 is no ink (nor is a rounding error at the frame's edge).
        if (coverage < 1 / 510) continue;
        const k = i * width + j;
        if (coverage > pixels[k]!) pixels[k] = coverage;
      }
    }
  };
  for (const stroke of strokes) {
    if (stroke.length === 1) segment(stroke[0]!, stroke[0]!);
    for (let p = 1; p < stroke.length; p++) segment(stroke[p - 1]!, stroke[p]!);
  }
  return { width, height, pixels };
}

/** The smallest rectangle holding every pixel with ink (> 0), inclusive; null for a blank image. */
export function inkBox({ width, height, pixels }: GreyImage): { left: number; top: number; right: number; bottom: number } | null {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      if (pixels[i * width + j]! <= 0) continue;
      left = Math.min(left, j);
      right = Math.max(right, j);
      top = Math.min(top, i);
      bottom = Math.max(bottom, i);
    }
  }
  return right < 0 ? null : { left, top, right, bottom };
}

/** Centre of mass of the ink, in pixel indices (column x, row y); null for a blank image. */
export function centreOfMass({ width, height, pixels }: GreyImage): { x: number; y: number } | null {
  let mass = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const v = pixels[i * width + j]!;
      mass += v;
      x += v * j;
      y += v * i;
    }
  }
  return mass > 0 ? { x: x / mass, y: y / mass } : null;
}

/**
 * Area-averaging weights along one axis: `to` target pixels covering the
 * source pixels [start, start + length); row t gives each source pixel's share
 * of target pixel t (its overlap with t's preimage, over that preimage's length).
 */
function areaWeights(start: number, length: number, to: number): { first: number; weights: number[] }[] {
  const step = length / to;
  return Array.from({ length: to }, (_, t) => {
    const from = start + t * step;
    // Never past the source's end (a rounding error must not reach a pixel outside it).
    const until = Math.min(start + length, from + step);
    const first = Math.floor(from);
    const weights: number[] = [];
    for (let s = first; s < until; s++) weights.push(Math.max(0, Math.min(until, s + 1) - Math.max(from, s)) / step);
    return { first, weights };
  });
}

/**
 * The MNIST procedure on a grey image: the ink's bounding box scaled (area-
 * averaged) to fit BOX_SIDE × BOX_SIDE with its aspect kept, then placed in
 * the FIELD_SIDE × FIELD_SIDE field, moved by whole pixels so that its centre
 * of mass lands within half a pixel of FIELD_CENTRE (as near as the field
 * allows for ink heaped at one end of its box). Null for a blank image.
 */
export function mnistField(image: GreyImage): Float32Array | null {
  const box = inkBox(image);
  if (!box) return null;
  const inkWidth = box.right - box.left + 1;
  const inkHeight = box.bottom - box.top + 1;
  const scale = BOX_SIDE / Math.max(inkWidth, inkHeight);
  const width = Math.min(BOX_SIDE, Math.max(1, Math.round(inkWidth * scale)));
  const height = Math.min(BOX_SIDE, Math.max(1, Math.round(inkHeight * scale)));
  const columns = areaWeights(box.left, inkWidth, width);
  const rows = areaWeights(box.top, inkHeight, height);
  const scaled = new Float32Array(width * height);
  for (let i = 0; i < height; i++) {
    const row = rows[i]!;
    for (let j = 0; j < width; j++) {
      const column = columns[j]!;
      let sum = 0;
      row.weights.forEach((wy, a) => {
        const offset = (row.first + a) * image.width + column.first;
        column.weights.forEach((wx, b) => (sum += wy * wx * image.pixels[offset + b]!));
      });
      scaled[i * width + j] = Math.min(1, sum);
    }
  }
  const centre = centreOfMass({ width, height, pixels: scaled })!;
  const place = (com: number, size: number) => Math.min(FIELD_SIDE - size, Math.max(0, Math.round(FIELD_CENTRE - com)));
  const dx = place(centre.x, width);
  const dy = place(centre.y, height);
  const field = new Float32Array(FIELD_SIDE * FIELD_SIDE);
  for (let i = 0; i < height; i++) field.set(scaled.subarray(i * width, (i + 1) * width), (i + dy) * FIELD_SIDE + dx);
  return field;
}

/** The resolutions of the digit presets. */
export type DigitInputSide = 28 | 14;

/**
 * A 28×28 field at the preset's resolution, on the dataset's pixel scale: as
 * the conversion made the digits, each pixel rounded to 0–255, 14×14 by the
 * same 2×2 averages (downsample2x), then divided by 255 as the dataset loads them.
 */
export function fieldToInput(field: Float32Array, side: DigitInputSide): Float32Array {
  if (field.length !== FIELD_SIDE * FIELD_SIDE) throw new RangeError(`A digit field has ${FIELD_SIDE * FIELD_SIDE} pixels, got ${field.length}.`);
  const bytes = Uint8Array.from(field, (v) => Math.round(255 * Math.min(1, Math.max(0, v))));
  const sized = side === FIELD_SIDE ? bytes : downsample2x(bytes, 1, FIELD_SIDE);
  return Float32Array.from(sized, (v) => v / 255);
}

/** A drawing processed for a model: the 28×28 field and the model's input at `side`; null when nothing is drawn. */
export interface ProcessedDrawing {
  field: Float32Array;
  input: Float32Array;
}

export function processDrawing(strokes: readonly Stroke[], side: DigitInputSide): ProcessedDrawing | null {
  const image = renderStrokes(strokes);
  const field = image && mnistField(image);
  return field ? { field, input: fieldToInput(field, side) } : null;
}
