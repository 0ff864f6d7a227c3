/**
 * Placing your own points from the keyboard: a cursor on the points' grid (core/own-points.ts) that the arrow
 * keys move — a step of KEY_STEP cells (about a quarter of a unit), one cell with Shift — and that Enter or
 * Space turns into a point, or that removes the point of yours under it. Pure, so it is tested in Node.
 */
import { GRID_COLUMNS, GRID_ROWS, type OwnPoint } from './own-points';

export interface Cell {
  column: number;
  row: number;
}

/** Cells an arrow key moves the cursor (Shift: one). */
export const KEY_STEP = 5;
/** A point of yours this many cells or fewer from the cursor (in both directions) is the one under it. */
export const CURSOR_REACH = 2;

/** Where the cursor starts: the middle of the canvas. */
export const START_CELL: Cell = { column: GRID_COLUMNS / 2, row: GRID_ROWS / 2 };

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

/** The cursor after an arrow key (rows count upwards, as y does), kept on the grid; null for any other key. */
export function movedCursor(cell: Cell, key: string, fine: boolean): Cell | null {
  const arrow = ARROWS[key];
  if (!arrow) return null;
  const step = fine ? 1 : KEY_STEP;
  const clamp = (value: number, size: number) => Math.min(size - 1, Math.max(0, value));
  return { column: clamp(cell.column + arrow[0] * step, GRID_COLUMNS), row: clamp(cell.row + arrow[1] * step, GRID_ROWS) };
}

/** The index of the point of yours nearest the cursor within CURSOR_REACH cells, or −1. */
export function pointUnder(points: readonly OwnPoint[], cell: Cell): number {
  let best = -1;
  let bestDistance = Infinity;
  points.forEach((point, i) => {
    const dc = Math.abs(point.column - cell.column);
    const dr = Math.abs(point.row - cell.row);
    if (dc > CURSOR_REACH || dr > CURSOR_REACH) return;
    if (dc + dr < bestDistance) {
      bestDistance = dc + dr;
      best = i;
    }
  });
  return best;
}

/** The class a digit key chooses ("1" is the first class), or null. */
export function classForKey(key: string, classCount: number): number | null {
  if (!/^[1-9]$/.test(key)) return null;
  const index = Number(key) - 1;
  return index < classCount ? index : null;
}
