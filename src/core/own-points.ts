/**
 * Your own points: 2-D points placed by hand on a fixed canvas, each of one of
 * the 2-D dataset's classes, that replace the generated points as the run's
 * data (the `points` setting). Pure: the canvas, the link encoding, its limits
 * and what makes a set of points trainable. The split into training and test
 * points is datasets/own-points.ts.
 *
 * The link encoding. The canvas is cut into a grid of GRID_COLUMNS × GRID_ROWS
 * square cells; a point is its cell (column from the left, row from the
 * bottom) and its class, three bytes, written as four base64url characters
 * (A–Z a–z 0–9 - _), in the order the points were placed. "empty" is an empty
 * canvas (your points, none placed yet); "" means the dataset's own points.
 * At most MAX_OWN_POINTS points (POINTS_TEXT_LIMIT characters) travel in a link.
 */
import type { Bounds } from './grid';
import { createRng, shuffledIndices } from './rng';
import { countText } from './number-text';

/** The canvas: 9 × 6.3 units around the origin, as wide as the scatter plot is (height = 0.7 × width); every 2-D dataset fits in it. */
export const OWN_POINTS_CANVAS: Bounds = { minX: -4.5, maxX: 4.5, minY: -3.15, maxY: 3.15 };
export const GRID_COLUMNS = 200;
export const GRID_ROWS = 140;
/** A cell's side in data units (0.045). */
export const CELL = (OWN_POINTS_CANVAS.maxX - OWN_POINTS_CANVAS.minX) / GRID_COLUMNS;

/** The most points a link carries, each four characters. */
export const MAX_OWN_POINTS = 300;
export const CHARS_PER_POINT = 4;
export const POINTS_TEXT_LIMIT = MAX_OWN_POINTS * CHARS_PER_POINT;
/** The `points` value of an empty canvas. */
export const EMPTY_POINTS = 'empty';

/** To train, each class that has points needs this many (two to train on, one to test), and at least MIN_CLASSES classes need them. */
export const MIN_POINTS_PER_CLASS = 3;
export const MIN_CLASSES = 2;
/** The share of each class's points the models train on (rounded up); the rest are its test points. As the generated sets: 4,000 of 6,000. */
export const TRAIN_SHARE = 2 / 3;

/** One point: its grid cell and its class. */
export interface OwnPoint {
  column: number;
  row: number;
  label: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

/** The centre of a point's cell, in data units. */
export function pointX(point: OwnPoint): number {
  return OWN_POINTS_CANVAS.minX + (point.column + 0.5) * CELL;
}
export function pointY(point: OwnPoint): number {
  return OWN_POINTS_CANVAS.minY + (point.row + 0.5) * CELL;
}

/** The cell of a position in data units, or null outside the canvas. */
export function cellAt(x: number, y: number): { column: number; row: number } | null {
  const { minX, minY } = OWN_POINTS_CANVAS;
  const column = Math.floor((x - minX) / CELL);
  const row = Math.floor((y - minY) / CELL);
  if (!(column >= 0 && column < GRID_COLUMNS && row >= 0 && row < GRID_ROWS)) return null;
  return { column, row };
}

/** The `points` value for these points: "empty" for none. Throws past the limit or for a point off the grid (the editor never makes one). */
export function encodePoints(points: readonly OwnPoint[]): string {
  if (points.length === 0) return EMPTY_POINTS;
  if (points.length > MAX_OWN_POINTS) throw new RangeError(`At most ${MAX_OWN_POINTS} points travel in a link; got ${points.length}.`);
  let text = '';
  for (const { column, row, label } of points) {
    if (!(column >= 0 && column < GRID_COLUMNS && row >= 0 && row < GRID_ROWS && label >= 0 && label < 256) || ![column, row, label].every(Number.isInteger)) {
      throw new RangeError(`Not a point of the canvas: column ${column}, row ${row}, class ${label}.`);
    }
    const bits = (column << 16) | (row << 8) | label;
    for (let shift = 18; shift >= 0; shift -= 6) text += ALPHABET[(bits >> shift) & 63];
  }
  return text;
}

export type DecodedPoints = { ok: true; points: OwnPoint[] } | { ok: false; message: string };

/**
 * Read a `points` value for a dataset of `classCount` classes. Refused, with a
 * sentence saying why: anything but "empty" or base64url in groups of four,
 * more than MAX_OWN_POINTS points, a point outside the canvas, or a class the
 * dataset does not have.
 */
export function decodePoints(text: string, classCount: number): DecodedPoints {
  if (text === EMPTY_POINTS) return { ok: true, points: [] };
  if (text.length > POINTS_TEXT_LIMIT) {
    const count = Math.floor(text.length / CHARS_PER_POINT);
    return { ok: false, message: `too many points (${countText(count)}); a link carries at most ${MAX_OWN_POINTS}` };
  }
  if (text === '' || text.length % CHARS_PER_POINT !== 0 || ![...text].every((c) => VALUE.has(c))) {
    return { ok: false, message: `not a list of points: “${EMPTY_POINTS}”, or four letters, digits, - or _ per point` };
  }
  const points: OwnPoint[] = [];
  for (let i = 0; i < text.length; i += CHARS_PER_POINT) {
    let bits = 0;
    for (let k = 0; k < CHARS_PER_POINT; k++) bits = (bits << 6) | VALUE.get(text[i + k]!)!;
    const point = { column: bits >> 16, row: (bits >> 8) & 255, label: bits & 255 };
    const n = i / CHARS_PER_POINT + 1;
    if (point.column >= GRID_COLUMNS || point.row >= GRID_ROWS) return { ok: false, message: `point ${n} lies outside the canvas` };
    if (point.label >= classCount) return { ok: false, message: `point ${n} is of class ${point.label}; this dataset's classes are 0–${classCount - 1}` };
    points.push(point);
  }
  return { ok: true, points };
}

/** The points as row-major coordinates (cell centres) and labels, in their order. */
export function pointArrays(points: readonly OwnPoint[]): { xs: Float32Array; ys: Int32Array } {
  const xs = new Float32Array(points.length * 2);
  const ys = new Int32Array(points.length);
  points.forEach((point, i) => {
    xs[2 * i] = pointX(point);
    xs[2 * i + 1] = pointY(point);
    ys[i] = point.label;
  });
  return { xs, ys };
}

/** Points of each class. */
export function countByClass(points: readonly OwnPoint[], classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const { label } of points) counts[label]!++;
  return counts;
}

/** How many of a class's points the models train on; the rest are its test points. */
export const trainCountOf = (classPoints: number) => Math.ceil(classPoints * TRAIN_SHARE - 1e-9);

/** Training and test points, and the students' transfer set for a data fraction (stratifiedSubset: a rounded share of each class, at least one), less the classes no student sees. */
export function ownPointsSizes(points: readonly OwnPoint[], classCount: number, fraction: number, unseen: readonly number[] = []): { train: number; test: number; transfer: number } {
  const trains = countByClass(points, classCount).map(trainCountOf);
  const train = trains.reduce((a, b) => a + b, 0);
  const transfer = trains.reduce((sum, n, k) => sum + (n === 0 || unseen.includes(k) ? 0 : Math.max(1, Math.round(n * fraction))), 0);
  return { train, test: points.length - train, transfer };
}

/**
 * Why these points cannot train yet, in a sentence for the page, or null when
 * they can: at least MIN_CLASSES classes with points, each class with points
 * having at least MIN_POINTS_PER_CLASS of them.
 */
export function trainingProblem(points: readonly OwnPoint[], classNames: readonly string[]): string | null {
  const counts = countByClass(points, classNames.length);
  const used = counts.filter((n) => n > 0).length;
  const short = counts.map((n, k) => ({ n, name: classNames[k]! })).filter(({ n }) => n > 0 && n < MIN_POINTS_PER_CLASS);
  if (used >= MIN_CLASSES && short.length === 0) return null;
  const rule = `To train, place at least ${MIN_POINTS_PER_CLASS} points (${trainCountOf(MIN_POINTS_PER_CLASS)} to train on, ${MIN_POINTS_PER_CLASS - trainCountOf(MIN_POINTS_PER_CLASS)} to test) in each of at least ${MIN_CLASSES} classes`;
  const now = points.length === 0 ? 'the canvas is empty' : short.length > 0 ? short.map(({ n, name }) => `${name} has ${n}`).join(', ') : `only ${classNames[counts.findIndex((n) => n > 0)]} has points`;
  return `${rule}: ${now}.`;
}

/**
 * A small start from a dataset's points: up to `perClass` of each class, in a
 * seeded order, quantised to the grid (points off the canvas are skipped, as
 * are two in one cell).
 */
export function samplePoints(xs: ArrayLike<number>, ys: ArrayLike<number>, classCount: number, perClass: number, seed: number): OwnPoint[] {
  const taken = new Array<number>(classCount).fill(0);
  const cells = new Set<number>();
  const points: OwnPoint[] = [];
  for (const index of shuffledIndices(ys.length, createRng(seed))) {
    const label = ys[index]!;
    if (label < 0 || label >= classCount || taken[label]! >= perClass) continue;
    const cell = cellAt(xs[2 * index]!, xs[2 * index + 1]!);
    if (!cell || cells.has(cell.column * GRID_ROWS + cell.row)) continue;
    cells.add(cell.column * GRID_ROWS + cell.row);
    taken[label]!++;
    points.push({ ...cell, label });
  }
  return points;
}
