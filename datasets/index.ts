/** Builds any dataset by name from a seed. */
import type { DatasetName } from '../src/core/settings';
import { animalsVehicles } from './animals-vehicles';
import type { Dataset } from './types';

export function loadDataset(name: DatasetName, seed: number): Dataset {
  switch (name) {
    case 'animals-vehicles':
      return animalsVehicles({ seed });
  }
}
