/** Engine tests run on the cpu backend: exact, deterministic and available everywhere. */
import * as tf from '@tensorflow/tfjs';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
