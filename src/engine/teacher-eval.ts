/** Count a model's errors on a set of examples (the shipped teachers' test errors, and their check). */
import * as tf from '@tensorflow/tfjs';
import { Mlp, type MlpWeights } from './mlp';
import { uploadChunks } from './row-chunks';
import { readBack } from './backend-loss';

export async function countErrors(sizes: readonly number[], weights: MlpWeights, x: Float32Array, y: Int32Array): Promise<number> {
  const model = new Mlp('evaluated', sizes, weights);
  const chunks = uploadChunks(x, y.length, sizes[0]!);
  try {
    const predicted = tf.tidy(() => model.predict(chunks).argMax(1));
    const values = await readBack(predicted.data());
    predicted.dispose();
    let errors = 0;
    for (let i = 0; i < y.length; i++) if (values[i] !== y[i]) errors++;
    return errors;
  } finally {
    tf.dispose(chunks);
    model.dispose();
  }
}
