/**
 * Real handwritten digits as a Dataset: the decoded training and test parts
 * (the official MNIST split, never the run's seed), uint8 pixels scaled to
 * [0, 1] straight into the one Float32 array each part keeps.
 */
import type { Dataset } from '../types';
import { digitsLabel, type DecodedDigits } from './format';

export const DIGIT_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

function toFloat({ count, side, labels, pixels }: DecodedDigits): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(count * side * side);
  for (let i = 0; i < x.length; i++) x[i] = pixels[i]! / 255;
  return { x, y: Int32Array.from(labels) };
}

export function digitsDataset(train: DecodedDigits, test: DecodedDigits): Dataset {
  if (train.part !== 'train') throw new Error(`Expected the training digits, got ${digitsLabel(train.side, train.part)}`);
  if (test.part !== 'test') throw new Error(`Expected the test digits, got ${digitsLabel(test.side, test.part)}`);
  if (train.side !== test.side) throw new Error(`The training digits are ${train.side}×${train.side} but the test digits ${test.side}×${test.side}`);
  const side = train.side;
  const trainPart = toFloat(train);
  const testPart = toFloat(test);
  return {
    name: `digits-${side}`,
    classNames: DIGIT_CLASS_NAMES,
    inputSize: side * side,
    imageSide: side,
    trainX: trainPart.x,
    trainY: trainPart.y,
    testX: testPart.x,
    testY: testPart.y,
  };
}
