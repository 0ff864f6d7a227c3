import { describe, expect, it } from 'vitest';
import type { DatasetView } from '../../src/protocol/messages';
import { keepIfSame, sameDatasetView } from '../../src/state/same-dataset';

const view = (over: Partial<DatasetView> = {}): DatasetView => ({
  name: 'animals-vehicles',
  classNames: ['cat', 'dog', 'car'],
  families: [{ name: 'animals', classes: [0, 1] }, { name: 'vehicles', classes: [2] }],
  inputSize: 2,
  testX: Float32Array.from([0.5, -1, 2, 3]),
  testY: Int32Array.from([0, 2]),
  transferX: Float32Array.from([1, 1]),
  transferY: Int32Array.from([1]),
  ...over,
});

describe('a reported dataset equal to the one on screen', () => {
  it('is kept as the object on screen, so nothing drawn from it is drawn again', () => {
    const shown = view();
    const next = view();
    expect(next).not.toBe(shown);
    expect(sameDatasetView(shown, next)).toBe(true);
    expect(keepIfSame(shown, next)).toBe(shown);
  });

  it('is replaced when any value differs: a point, a label, a class, a family, the transfer set, the image side', () => {
    const shown = view();
    const changes: Partial<DatasetView>[] = [
      { testX: Float32Array.from([0.5, -1, 2, 3.0001]) },
      { testY: Int32Array.from([0, 1]) },
      { transferX: Float32Array.from([1, 1, 2, 2]), transferY: Int32Array.from([1, 0]) },
      { transferY: Int32Array.from([2]) },
      { classNames: ['cat', 'dog', 'bus'] },
      { families: [{ name: 'animals', classes: [0] }, { name: 'vehicles', classes: [1, 2] }] },
      { name: 'spirals' },
      { imageSide: 14 },
    ];
    for (const change of changes) {
      const next = view(change);
      expect(sameDatasetView(shown, next)).toBe(false);
      expect(keepIfSame(shown, next)).toBe(next);
    }
  });

  it('compares arrays that are views into a larger buffer by their own values only', () => {
    const wide = Float32Array.from([9, 0.5, -1, 2, 3, 9]);
    const labels = Int32Array.from([7, 0, 2, 7]);
    const shown = view();
    expect(sameDatasetView(shown, view({ testX: wide.subarray(1, 5), testY: labels.subarray(1, 3) }))).toBe(true);
    expect(sameDatasetView(shown, view({ testX: wide.subarray(0, 4) }))).toBe(false);
  });

  it('is new when nothing is on screen', () => {
    const next = view();
    expect(sameDatasetView(null, next)).toBe(false);
    expect(keepIfSame(null, next)).toBe(next);
  });
});
