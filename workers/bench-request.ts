/** The answer to `npm run bench -- --browser`'s request: its result, or why there is none (never a throw, so the page never waits). */
import type { Dataset } from '../datasets/types';
import { errorText } from '../src/core/error-text';
import type { Settings } from '../src/core/settings';
import type { BenchOptions } from '../src/engine/bench-models';
import type { FromWorker } from '../src/protocol/messages';
import type { ControllerPorts } from './controller-ports';

export async function benchAnswer(ports: Pick<ControllerPorts, 'bench'>, options: BenchOptions, load: (settings: Settings) => Promise<Dataset>): Promise<Extract<FromWorker, { type: 'bench-result' }>> {
  try {
    if (!ports.bench) throw new Error('The bench is not available here.');
    return { type: 'bench-result', result: await ports.bench(options, load) };
  } catch (error) {
    return { type: 'bench-result', result: { error: errorText(error) } };
  }
}
