/**
 * Your own points as a run's dataset (src/core/own-points.ts has the canvas
 * and the link encoding). They keep the classes, names and families of the
 * 2-D dataset they were placed on, and are split the seeded way the generated
 * sets are (point-split.ts): one permutation of all the points from the run's
 * seed, taken class by class, so each class trains on two thirds of its
 * points (rounded up) and is tested on the rest. The students' transfer set
 * is then chosen from the training points as for any dataset
 * (src/core/transfer-set.ts: a stratified, seeded share, at least one point a class).
 */
import { createRng, shuffledIndices } from '../src/core/rng';
import { pointArrays, trainCountOf, trainingProblem, type OwnPoint } from '../src/core/own-points';
import { parsePoints, type DatasetName, type Settings } from '../src/core/settings';
import { ANIMALS_VEHICLES_CLASSES } from './animals-vehicles';
import { RARE_CLASS_CLASSES } from './rare-class';
import { SPIRALS_CLASSES } from './spirals';
import { gatherRows } from './subset';
import { classCounts, type Dataset } from './types';

/** Indices of the training and test points, each in the order of the seeded permutation. */
export function splitOwnPoints(labels: ArrayLike<number>, classCount: number, seed: number): { train: Int32Array; test: Int32Array } {
  const order = shuffledIndices(labels.length, createRng(seed));
  const trainLeft = classCounts(labels, classCount).map(trainCountOf);
  const train: number[] = [];
  const test: number[] = [];
  for (const index of order) {
    const label = labels[index]!;
    if (trainLeft[label]! > 0) {
      trainLeft[label]!--;
      train.push(index);
    } else test.push(index);
  }
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/** The dataset of your points, with the classes of `base` (the 2-D dataset they were placed on). */
export function ownPointsDataset(base: Pick<Dataset, 'name' | 'classNames' | 'families'>, points: readonly OwnPoint[], seed: number): Dataset {
  const { xs, ys } = pointArrays(points);
  const { train, test } = splitOwnPoints(ys, base.classNames.length, seed);
  const trainRows = gatherRows(xs, ys, 2, train);
  const testRows = gatherRows(xs, ys, 2, test);
  return {
    name: base.name,
    classNames: base.classNames,
    ...(base.families ? { families: base.families } : {}),
    inputSize: 2,
    trainX: trainRows.x,
    trainY: trainRows.y,
    testX: testRows.x,
    testY: testRows.y,
  };
}

/** The class names of each 2-D dataset, as their generators name them. */
const CLASS_NAMES: Partial<Record<DatasetName, readonly string[]>> = {
  'animals-vehicles': ANIMALS_VEHICLES_CLASSES,
  spirals: SPIRALS_CLASSES,
  'rare-class': RARE_CLASS_CLASSES,
};

/** A 2-D dataset's class names (none for the digits). */
export function classNamesOf(dataset: DatasetName): readonly string[] {
  return CLASS_NAMES[dataset] ?? [];
}

/** Why a run with these settings cannot train on its own points yet (core/own-points.ts trainingProblem), or null (also without own points). */
export function ownPointsProblem(settings: Pick<Settings, 'dataset' | 'points'>): string | null {
  if (settings.points === '') return null;
  const result = parsePoints(settings.points, settings.dataset);
  if (!result.ok) return `Your points: ${result.message}.`;
  return trainingProblem(result.points, classNamesOf(settings.dataset));
}
