import { describe, expect, it } from 'vitest';
import { gridPoints, pointBounds } from '../../src/core/grid';

describe('decision-map grid', () => {
  it('pads the bounds of the points', () => {
    expect(pointBounds([0, 0, 10, 20], 0.1)).toEqual({ minX: -1, maxX: 11, minY: -2, maxY: 22 });
  });

  it('lays cell centres row by row from the top', () => {
    const points = gridPoints({ minX: 0, maxX: 2, minY: 0, maxY: 2 }, 2);
    expect(Array.from(points)).toEqual([0.5, 1.5, 1.5, 1.5, 0.5, 0.5, 1.5, 0.5]);
  });
});
