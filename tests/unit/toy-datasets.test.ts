import { describe, expect, it } from 'vitest';
import { rareClass } from '../../datasets/rare-class';
import { SPIRAL_INNER, SPIRAL_OUTER, SPIRAL_TURNS, spirals } from '../../datasets/spirals';
import { classCounts, type Dataset } from '../../datasets/types';

const makers = { spirals, rareClass } as const;

/** Label of each test point's nearest training point. */
function oneNearestNeighbour(data: Dataset): Int32Array {
  return data.testY.map((_, i) => {
    let best = Infinity;
    let label = -1;
    data.trainY.forEach((y, j) => {
      const d = (data.testX[2 * i]! - data.trainX[2 * j]!) ** 2 + (data.testX[2 * i + 1]! - data.trainX[2 * j + 1]!) ** 2;
      if (d < best) (best = d), (label = y);
    });
    return label;
  });
}

const accuracy = (predicted: Int32Array, labels: Int32Array) => predicted.filter((p, i) => p === labels[i]).length / labels.length;

/** Test accuracy of classifying by the nearest training-class mean. */
function nearestCentroid(data: Dataset): number {
  const sums = data.classNames.map(() => [0, 0, 0]);
  data.trainY.forEach((y, i) => {
    const s = sums[y]!;
    s[0]! += data.trainX[2 * i]!;
    s[1]! += data.trainX[2 * i + 1]!;
    s[2]!++;
  });
  const means = sums.map(([x, y, n]) => [x! / n!, y! / n!] as const);
  const predicted = data.testY.map((_, i) => {
    const d = means.map(([mx, my]) => (data.testX[2 * i]! - mx) ** 2 + (data.testX[2 * i + 1]! - my) ** 2);
    return d.indexOf(Math.min(...d));
  });
  return accuracy(predicted, data.testY);
}

describe.each(Object.entries(makers))('%s dataset', (_, make) => {
  it('is the same for the same seed and different for another', () => {
    const a = make({ seed: 5 });
    const b = make({ seed: 5 });
    const c = make({ seed: 6 });
    expect(a.trainX).toEqual(b.trainX);
    expect(a.trainY).toEqual(b.trainY);
    expect(a.testX).toEqual(b.testX);
    expect(a.testY).toEqual(b.testY);
    expect(a.trainX).not.toEqual(c.trainX);
  });

  it('defaults to a 4,000 / 2,000 split and honours other sizes', () => {
    const data = make({ seed: 1 });
    expect([data.trainY.length, data.testY.length, data.trainX.length, data.testX.length]).toEqual([4000, 2000, 8000, 4000]);
    expect(data.inputSize).toBe(2);
    const small = make({ seed: 1, trainSize: 300, testSize: 100 });
    expect([small.trainY.length, small.testY.length, small.trainX.length]).toEqual([300, 100, 600]);
    for (const v of data.trainX) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('Nested spirals', () => {
  const data = spirals({ seed: 1 });

  it('has three balanced arms', () => {
    expect(data.classNames).toEqual(['arm A', 'arm B', 'arm C']);
    const all = classCounts(data.trainY, 3).map((n, k) => n + classCounts(data.testY, 3)[k]!);
    expect(all).toEqual([2000, 2000, 2000]);
    for (const v of data.trainX) expect(Math.abs(v)).toBeLessThan(3.5);
  });

  it('puts each arm on a spiral: its angle turns steadily as the radius grows', () => {
    const bins = 10;
    const width = (SPIRAL_OUTER - SPIRAL_INNER) / bins;
    const expectedStep = (2 * Math.PI * SPIRAL_TURNS) / bins;
    for (let arm = 0; arm < 3; arm++) {
      const sums = Array.from({ length: bins }, () => [0, 0]);
      data.trainY.forEach((y, i) => {
        const [x, z] = [data.trainX[2 * i]!, data.trainX[2 * i + 1]!];
        const bin = Math.floor((Math.hypot(x, z) - SPIRAL_INNER) / width);
        if (y !== arm || bin < 0 || bin >= bins) return;
        sums[bin]![0]! += Math.cos(Math.atan2(z, x));
        sums[bin]![1]! += Math.sin(Math.atan2(z, x));
      });
      const angles = sums.map(([c, s]) => Math.atan2(s!, c!));
      for (let b = 2; b < bins; b++) {
        // Wrapped step between neighbouring radius bins (the noisy centre skipped): positive, near the pitch.
        const step = Math.atan2(Math.sin(angles[b]! - angles[b - 1]!), Math.cos(angles[b]! - angles[b - 1]!));
        expect(step).toBeGreaterThan(expectedStep * 0.5);
        expect(step).toBeLessThan(expectedStep * 1.5);
      }
    }
  });

  it('defeats a nearest-centroid classifier but not 1-nearest-neighbour', () => {
    expect(nearestCentroid(data)).toBeLessThan(0.6);
    expect(accuracy(oneNearestNeighbour(data), data.testY)).toBeGreaterThan(0.85);
  });
});

describe('Class hierarchy with a rare class', () => {
  const data = rareClass({ seed: 1 });
  const total = (k: number) => classCounts(data.trainY, 5)[k]! + classCounts(data.testY, 5)[k]!;

  it('has five classes in two families, with the stated proportions', () => {
    expect(data.classNames).toEqual(['apple', 'pear', 'quince', 'carrot', 'parsnip']);
    expect(data.families).toEqual([
      { name: 'fruit', classes: [0, 1, 2] },
      { name: 'vegetables', classes: [3, 4] },
    ]);
    expect([0, 1, 2, 3, 4].map(total)).toEqual([1920, 1920, 180, 990, 990]);
  });

  it('makes quince rare: between 2% and 4% of all points, in train and test alike', () => {
    for (const share of [total(2) / 6000, classCounts(data.trainY, 5)[2]! / 4000]) {
      expect(share).toBeGreaterThan(0.02), expect(share).toBeLessThan(0.04);
    }
  });

  it('separates the families by a threshold at x = 0', () => {
    const right = data.trainY.filter((y, i) => y <= 2 === data.trainX[2 * i]! < 0).length;
    expect(right / data.trainY.length).toBeGreaterThan(0.97);
  });

  it('lets quinces overlap apples and pears, so hard labels often miss them', () => {
    const predicted = oneNearestNeighbour(data);
    expect(accuracy(predicted, data.testY)).toBeGreaterThan(0.6);
    const quinces = data.testY.filter((y) => y === 2).length;
    const missed = predicted.filter((p, i) => data.testY[i] === 2 && p <= 1).length;
    expect(quinces).toBeGreaterThan(30);
    expect(missed / quinces).toBeGreaterThan(0.1);
  });
});
