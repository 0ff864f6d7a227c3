/**
 * Builds any dataset by name. The 2-D sets are generated from the seed; the
 * digits are the official MNIST training and test parts, two converted
 * binaries that the caller's `DigitsSource` loads (files in Node, gzip
 * fetches with progress in the browser), the same whatever the seed.
 */
import { parsePoints, type DatasetName, type Settings } from '../src/core/settings';
import { animalsVehicles } from './animals-vehicles';
import { spirals } from './spirals';
import { rareClass } from './rare-class';
import { decodeDigits, digitsLabel, type DigitPart, type DigitSide } from './digits/format';
import { digitsDataset } from './digits/dataset';
import { ownPointsDataset } from './own-points';
import type { Dataset } from './types';

export type ProgressCallback = (loaded: number, total: number) => void;
/** The two digits binaries of one side (format.ts), uncompressed. */
export interface DigitsBinaries {
  train: ArrayBuffer | Uint8Array;
  test: ArrayBuffer | Uint8Array;
}
/** Loads both parts of one side; `onProgress` sees bytes received of the total over both. */
export type DigitsSource = (side: DigitSide, onProgress?: ProgressCallback) => Promise<DigitsBinaries>;

/** Per side: the dataset, or its load while it runs (one load however many ask; a failed one is forgotten). */
const digitsCache = new Map<DigitSide, Promise<Dataset>>();

function decodePart(bytes: ArrayBuffer | Uint8Array, side: DigitSide, part: DigitPart) {
  try {
    return decodeDigits(bytes, { side, part });
  } catch (error) {
    throw new Error(`Could not read ${digitsLabel(side, part)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function buildDigits(side: DigitSide, digitsSource: DigitsSource, onProgress?: ProgressCallback): Promise<Dataset> {
  let binaries: DigitsBinaries | null = await digitsSource(side, onProgress);
  const train = decodePart(binaries.train, side, 'train');
  const test = decodePart(binaries.test, side, 'test');
  binaries = null;
  // The uint8 parts are dropped once the one Float32 copy exists.
  return digitsDataset(train, test);
}

/** Whether loading this dataset needs no download: the 2-D sets are generated; a digits side once it is loaded (or loading). */
export function isDatasetInMemory(name: DatasetName): boolean {
  if (name === 'digits-14') return digitsCache.has(14);
  if (name === 'digits-28') return digitsCache.has(28);
  return true;
}

export async function loadDataset(name: DatasetName, seed: number, digitsSource?: DigitsSource, onProgress?: ProgressCallback): Promise<Dataset> {
  switch (name) {
    case 'animals-vehicles':
      return animalsVehicles({ seed });
    case 'spirals':
      return spirals({ seed });
    case 'rare-class':
      return rareClass({ seed });
    case 'digits-14':
    case 'digits-28': {
      const side = name === 'digits-14' ? 14 : 28;
      const cached = digitsCache.get(side);
      if (cached) return cached;
      if (!digitsSource) throw new Error('The digits need a source to load from.');
      const loading = buildDigits(side, digitsSource, onProgress);
      digitsCache.set(side, loading);
      loading.catch(() => {
        if (digitsCache.get(side) === loading) digitsCache.delete(side);
      });
      return loading;
    }
  }
}

/** A run's data: the dataset, or your own points on its classes when the settings have some (own-points.ts). */
export async function loadRunData(settings: Pick<Settings, 'dataset' | 'seed' | 'points'>, digitsSource?: DigitsSource, onProgress?: ProgressCallback): Promise<Dataset> {
  const base = await loadDataset(settings.dataset, settings.seed, digitsSource, onProgress);
  if (settings.points === '') return base;
  const points = parsePoints(settings.points, settings.dataset);
  if (!points.ok) throw new RangeError(`Your points: ${points.message}.`);
  return ownPointsDataset(base, points.points, settings.seed);
}
