/**
 * The data the next run would use, sent to the page before any run so its
 * panels show it ('preview'); or, for data downloaded only for a run, why
 * there is none yet ('preview-deferred').
 */
import type { Dataset } from '../datasets/types';
import { downloadedData, loadsOnlyForARun } from '../src/core/run-estimate';
import { assertValidSettings, type Settings } from '../src/core/settings';
import { transferIndicesFor } from '../src/core/transfer-set';
import type { ControllerPorts } from './controller-ports';
import { datasetView, type Post } from './run-messages';

/** Send the preview of these settings' data, unless it is no longer `wanted` once loaded (a run started meanwhile). */
export async function sendPreview(
  settings: Settings,
  ports: { post: Post; isInMemory: ControllerPorts['isInMemory']; load: (settings: Settings) => Promise<Dataset> },
  wanted: () => boolean,
): Promise<void> {
  assertValidSettings(settings);
  const data = downloadedData(settings.dataset);
  if (loadsOnlyForARun(settings.dataset) && !ports.isInMemory(settings.dataset) && data) {
    ports.post({ type: 'preview-deferred', message: `${data[0]!.toUpperCase()}${data.slice(1)} are downloaded when a run starts, not for a preview.` });
    return;
  }
  const dataset = await ports.load(settings);
  const transferIndices = transferIndicesFor(settings, dataset.trainY, dataset.classNames.length);
  if (!wanted()) return;
  const { view, buffers } = datasetView(dataset, transferIndices);
  ports.post({ type: 'preview', dataset: view }, buffers);
}
