/** The shape every dataset shares: flat row-major features and integer labels, split once. */
export interface Dataset {
  name: string;
  classNames: readonly string[];
  /** Optional grouping of classes (e.g. animals vs vehicles), by class index. */
  families?: readonly { name: string; classes: readonly number[] }[];
  inputSize: number;
  /** Square images of this side (inputSize = side²); absent for 2-D points. */
  imageSide?: number;
  trainX: Float32Array;
  trainY: Int32Array;
  testX: Float32Array;
  testY: Int32Array;
}

/** Number of examples of each class. */
export function classCounts(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  return counts;
}
