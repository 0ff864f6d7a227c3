/**
 * Real handwritten digits as a Dataset: decoded uint8 pixels scaled to
 * [0, 1], split by the fixed digitsSplit (never by the run's seed).
 */
import type { Dataset } from '../types';
import type { DecodedDigits } from './format';
import { digitsSplit } from './split';

export const DIGIT_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export function digitsDataset(decoded: DecodedDigits): Dataset {
  const { side, labels, pixels } = decoded;
  const width = side * side;
  const { train, test } = digitsSplit(labels);
  const take = (indices: Int32Array) => {
    const x = new Float32Array(indices.length * width);
    const y = new Int32Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const src = indices[k]!;
      for (let p = 0; p < width; p++) x[k * width + p] = pixels[src * width + p]! / 255;
      y[k] = labels[src]!;
    }
    return { x, y };
  };
  const trainPart = take(train);
  const testPart = take(test);
  return {
    name: `digits-${side}`,
    classNames: DIGIT_CLASS_NAMES,
    inputSize: width,
    trainX: trainPart.x,
    trainY: trainPart.y,
    testX: testPart.x,
    testY: testPart.y,
  };
}
