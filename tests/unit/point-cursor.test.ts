import { describe, expect, it } from 'vitest';
import { GRID_COLUMNS, GRID_ROWS } from '../../src/core/own-points';
import { classForKey, CURSOR_REACH, KEY_STEP, movedCursor, pointUnder, START_CELL } from '../../src/core/point-cursor';

describe('the keyboard cursor for your own points', () => {
  it('moves by KEY_STEP cells, by one with Shift, upwards as y grows, and stays on the grid', () => {
    expect(movedCursor(START_CELL, 'ArrowRight', false)).toEqual({ column: START_CELL.column + KEY_STEP, row: START_CELL.row });
    expect(movedCursor(START_CELL, 'ArrowUp', true)).toEqual({ column: START_CELL.column, row: START_CELL.row + 1 });
    expect(movedCursor({ column: 0, row: 0 }, 'ArrowLeft', false)).toEqual({ column: 0, row: 0 });
    expect(movedCursor({ column: GRID_COLUMNS - 2, row: GRID_ROWS - 1 }, 'ArrowRight', false)).toEqual({ column: GRID_COLUMNS - 1, row: GRID_ROWS - 1 });
    expect(movedCursor({ column: 3, row: GRID_ROWS - 1 }, 'ArrowUp', false)).toEqual({ column: 3, row: GRID_ROWS - 1 });
    expect(movedCursor(START_CELL, 'a', false)).toBeNull();
  });

  it('finds the nearest point of yours within reach, or none', () => {
    const points = [
      { column: 10, row: 10, label: 0 },
      { column: 11, row: 10, label: 1 },
      { column: 40, row: 40, label: 2 },
    ];
    expect(pointUnder(points, { column: 12, row: 10 })).toBe(1);
    expect(pointUnder(points, { column: 9, row: 11 })).toBe(0);
    expect(pointUnder(points, { column: 40 + CURSOR_REACH, row: 40 - CURSOR_REACH })).toBe(2);
    expect(pointUnder(points, { column: 40 + CURSOR_REACH + 1, row: 40 })).toBe(-1);
    expect(pointUnder([], START_CELL)).toBe(-1);
  });

  it('reads digit keys as classes, first class on 1, none past the last', () => {
    expect(classForKey('1', 6)).toBe(0);
    expect(classForKey('6', 6)).toBe(5);
    expect(classForKey('7', 6)).toBeNull();
    expect(classForKey('0', 6)).toBeNull();
    expect(classForKey('Enter', 6)).toBeNull();
  });
});
