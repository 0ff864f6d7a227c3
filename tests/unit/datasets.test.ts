import { describe, expect, it } from 'vitest';
import { animalsVehicles, ANIMALS_VEHICLES_CLASSES } from '../../datasets/animals-vehicles';
import { stratifiedSubset } from '../../datasets/subset';
import { classCounts } from '../../datasets/types';

describe('Animals & vehicles dataset', () => {
  it('is the same for the same seed and different for another', () => {
    const a = animalsVehicles({ seed: 5 });
    const b = animalsVehicles({ seed: 5 });
    const c = animalsVehicles({ seed: 6 });
    expect(a.trainX).toEqual(b.trainX);
    expect(a.testY).toEqual(b.testY);
    expect(a.trainX).not.toEqual(c.trainX);
  });

  it('has a fixed 4,000 / 2,000 split with six balanced classes', () => {
    const data = animalsVehicles({ seed: 1 });
    expect(data.trainY.length).toBe(4000);
    expect(data.testY.length).toBe(2000);
    expect(data.trainX.length).toBe(8000);
    expect(data.classNames).toEqual(ANIMALS_VEHICLES_CLASSES);
    const all = [...classCounts(data.trainY, 6)].map((n, k) => n + classCounts(data.testY, 6)[k]!);
    expect(all).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
  });

  it('keeps the families apart: animals left, vehicles right, almost never crossing', () => {
    const data = animalsVehicles({ seed: 1 });
    let crossings = 0;
    for (let i = 0; i < data.trainY.length; i++) {
      const isAnimal = data.trainY[i]! < 3;
      if (isAnimal !== data.trainX[2 * i]! < 0) crossings++;
    }
    expect(crossings / data.trainY.length).toBeLessThan(0.01);
  });

  it('overlaps classes within a family, so there is something to be unsure about', () => {
    // Fraction of training points whose nearest class centre (by class mean) is another class of the same family.
    const data = animalsVehicles({ seed: 1 });
    const centres = Array.from({ length: 6 }, () => [0, 0, 0]);
    for (let i = 0; i < data.trainY.length; i++) {
      const c = centres[data.trainY[i]!]!;
      c[0]! += data.trainX[2 * i]!;
      c[1]! += data.trainX[2 * i + 1]!;
      c[2]!++;
    }
    const means = centres.map(([x, y, n]) => [x! / n!, y! / n!]);
    let confusedInFamily = 0;
    for (let i = 0; i < data.trainY.length; i++) {
      const distances = means.map(([x, y]) => (data.trainX[2 * i]! - x!) ** 2 + (data.trainX[2 * i + 1]! - y!) ** 2);
      const nearest = distances.indexOf(Math.min(...distances));
      if (nearest !== data.trainY[i] && nearest < 3 === data.trainY[i]! < 3) confusedInFamily++;
    }
    expect(confusedInFamily / data.trainY.length).toBeGreaterThan(0.08);
  });
});

describe('stratified transfer set', () => {
  const data = animalsVehicles({ seed: 1 });

  it('takes the fraction of each class, deterministically', () => {
    const subset = stratifiedSubset(data.trainY, 6, 0.02, 1);
    const counts = classCounts(Array.from(subset, (i) => data.trainY[i]!), 6);
    for (const n of counts) expect(n).toBeGreaterThanOrEqual(12), expect(n).toBeLessThanOrEqual(14);
    expect(stratifiedSubset(data.trainY, 6, 0.02, 1)).toEqual(subset);
    expect(stratifiedSubset(data.trainY, 6, 0.02, 2)).not.toEqual(subset);
  });

  it('keeps at least one example of each class however small the fraction', () => {
    const subset = stratifiedSubset(data.trainY, 6, 0.0001, 1);
    expect(classCounts(Array.from(subset, (i) => data.trainY[i]!), 6)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('refuses a fraction of 0 or above 1', () => {
    expect(() => stratifiedSubset(data.trainY, 6, 0, 1)).toThrow(/Fraction/);
    expect(() => stratifiedSubset(data.trainY, 6, 1.5, 1)).toThrow(/Fraction/);
  });
});
