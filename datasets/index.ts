/**
 * Builds any dataset by name. The 2-D sets are generated from the seed; the
 * digits come from a converted binary that the caller's `DigitsSource` loads
 * (a file in Node, a fetch with progress in the browser) and are split the
 * same way whatever the seed.
 */
import type { DatasetName } from '../src/core/settings';
import { animalsVehicles } from './animals-vehicles';
import { spirals } from './spirals';
import { rareClass } from './rare-class';
import { decodeDigits } from './digits/format';
import { digitsDataset } from './digits/dataset';
import type { Dataset } from './types';

export type ProgressCallback = (loaded: number, total: number) => void;
export type DigitsSource = (side: 14 | 28, onProgress?: ProgressCallback) => Promise<ArrayBuffer | Uint8Array>;

const digitsCache = new Map<number, Dataset>();

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
      const dataset = { ...digitsDataset(decodeDigits(await digitsSource(side, onProgress))), imageSide: side };
      digitsCache.set(side, dataset);
      return dataset;
    }
  }
}
