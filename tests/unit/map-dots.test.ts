import { describe, expect, it } from 'vitest';
import { placeMapDots } from '../../src/components/charts/map-dots';

describe('training points over a decision map', () => {
  it('places each point in percent of the map’s box, y up, in its class’s colour', () => {
    const bounds = { minX: -2, maxX: 2, minY: 0, maxY: 10 };
    const points = Float32Array.from([-2, 10, 2, 0, 0, 5, 1, 7.5]);
    const labels = Int32Array.from([0, 1, 2, 1]);
    const dots = placeMapDots(points, labels, bounds, (k) => ['red', 'green', 'blue'][k]!);
    expect(dots).toEqual([
      { left: 0, top: 0, colour: 'red' },
      { left: 100, top: 100, colour: 'green' },
      { left: 50, top: 50, colour: 'blue' },
      { left: 75, top: 25, colour: 'green' },
    ]);
  });

  it('gives no dots for no points', () => {
    expect(placeMapDots(new Float32Array(0), new Int32Array(0), { minX: 0, maxX: 1, minY: 0, maxY: 1 }, () => 'red')).toEqual([]);
  });
});
