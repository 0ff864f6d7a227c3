/**
 * The run controller as the engine tests drive it: fake backends (short random pauses, a list to fall back to, refines
 * counted) and tiny runs on the 2-D data, in Node.
 */
import { loadDataset } from '../../datasets/index';
import { createRng, type Rng } from '../../src/core/rng';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { initialWeights } from '../../src/engine/mlp';
import { teacherKey } from '../../src/core/teacher-origin';
import type { TeacherCache } from '../../src/engine/teacher-cache';
import type { BackendName, FromWorker } from '../../src/protocol/messages';
import { RunController } from '../../workers/run-controller';
import type { BackendPort } from '../../workers/controller-ports';

/** Tiny runs: a sequence trains for a few milliseconds at most between commands. */
export const base: Settings = { ...DEFAULT_SETTINGS, teacherEpochs: 2, studentEpochs: 4, teacherLayers: '8', studentLayers: '4', studentFraction: 0.05 };
export const SETTINGS: Settings[] = [base, { ...base, temperature: 2 }, { ...base, seed: 2 }];

export class FakeBackends implements BackendPort {
  report: { backend: BackendName } | null = { backend: 'wasm' };
  /** Backends left to fall back to, in the measured order. */
  next: BackendName[] = ['cpu'];
  /** Backends cleared of a failure that was not theirs. */
  readonly forgiven: BackendName[] = [];
  constructor(private readonly rng: Rng) {}
  forgive(backend: BackendName) {
    this.forgiven.push(backend);
  }
  private pause = () => new Promise<void>((resolve) => setTimeout(resolve, this.rng.int(3)));
  init = this.pause;
  setChoice = this.pause;
  recalibrate = this.pause;
  prepare = this.pause;
  /** Refines run (and what their `stop` said when asked at their end). */
  readonly refines: boolean[] = [];
  refine = async (stop: () => boolean) => {
    await this.pause();
    this.refines.push(stop());
  };
  activeTrial = async () => null;
  retimeActive = async () => null;
  async fallBack() {
    const backend = this.next.shift();
    if (!backend) return null;
    this.report = { backend };
    return this.report;
  }
}

export function controllerFor(rng: Rng, messages: { message: FromWorker; slices: number }[], pageCatchUpMs = 0, refineAfterMs = 0) {
  const cache: TeacherCache = new Map();
  const backends = new FakeBackends(rng);
  let controller: RunController;
  // eslint-disable-next-line prefer-const
  controller = new RunController({
    post: (message) => messages.push({ message, slices: controller.diagnostics.slices }),
    backends,
    load: async (settings) => {
      await new Promise((resolve) => setTimeout(resolve, rng.int(3))); // a download's delay, so commands overtake it
      return loadDataset(settings.dataset, settings.seed);
    },
    isInMemory: () => true,
    teachers: {
      cache,
      store: { load: async () => null },
      // The seed-2 settings come with a shipped teacher (untrained weights: only the path matters), which each run
      // evaluates in its first slices (teacher-check.ts) while the commands keep coming.
      useShipped: async (into, settings, sizes) => {
        if (settings.seed !== 2) return null;
        into.set(teacherKey(settings), { weights: initialWeights(sizes, createRng(9)), metrics: { loss: 9, trainAcc: 0, testAcc: 0 }, origin: { kind: 'shipped', name: 'test', seed: 2, command: 'test' } });
        return {};
      },
    },
    store: { save: async () => null, forget: async () => [] },
    shipped: () => undefined,
    sliceMs: 1,
    pageCatchUpMs,
    refineAfterMs,
  });
  return { controller, backends };
}
