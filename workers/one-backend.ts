/**
 * A backend port that stays on the backend already active and has none to fall back to: the run controller as
 * Node drives it (the command line's `bench -- --pause`, the engine tests), where TF.js's backend is set up front.
 */
import type { BackendName } from '../src/protocol/messages';
import type { BackendPort } from './controller-ports';

export function oneBackend(backend: BackendName): BackendPort {
  return {
    report: { backend },
    init: async () => undefined,
    setChoice: async () => undefined,
    recalibrate: async () => undefined,
    refine: async () => undefined,
    prepare: async () => undefined,
    activeTrial: async () => null,
    retimeActive: async () => null,
    fallBack: async () => null,
    forgive: () => undefined,
  };
}
