/** The plotting box of a 2-D dataset and the grid of points a decision map is evaluated on. */
export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** Bounds of row-major 2-D points with a margin (a share of each side's range). */
export function pointBounds(points: ArrayLike<number>, margin = 0.05): Bounds {
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i + 1 < points.length; i += 2) {
    minX = Math.min(minX, points[i]!);
    maxX = Math.max(maxX, points[i]!);
    minY = Math.min(minY, points[i + 1]!);
    maxY = Math.max(maxY, points[i + 1]!);
  }
  const padX = (maxX - minX) * margin;
  const padY = (maxY - minY) * margin;
  return { minX: minX - padX, maxX: maxX + padX, minY: minY - padY, maxY: maxY + padY };
}

/** Cell centres of a resolution × resolution grid over the bounds, row by row from the top (max y) down. */
export function gridPoints(bounds: Bounds, resolution: number): Float32Array {
  const points = new Float32Array(resolution * resolution * 2);
  for (let row = 0; row < resolution; row++) {
    const y = bounds.maxY - ((row + 0.5) / resolution) * (bounds.maxY - bounds.minY);
    for (let col = 0; col < resolution; col++) {
      const x = bounds.minX + ((col + 0.5) / resolution) * (bounds.maxX - bounds.minX);
      points[2 * (row * resolution + col)] = x;
      points[2 * (row * resolution + col) + 1] = y;
    }
  }
  return points;
}
