/** `npm run bench` in Node: the suite on the Node backends (wasm, cpu), with the digits read from disk. */
import os from 'node:os';
import { loadDataset } from '../../datasets/index';
import { nodeDigitsSource } from '../../datasets/digits/node-source';
import type { BenchOptions, BenchResult } from '../engine/bench-models';
import { runBenchSuite } from '../engine/bench-suite';
import { useNodeBackend, type NodeBackend } from '../engine/node-backend';

export const NODE_BACKENDS: NodeBackend[] = ['wasm', 'cpu', 'webgpu'];

export function nodeMachine(): Record<string, string | number> {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.arch()}` };
}

export function runNodeBench(options: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  return runBenchSuite(options, {
    machine: nodeMachine(),
    log,
    async useBackend(name) {
      if (!(NODE_BACKENDS as string[]).includes(name)) throw new Error(`not a Node backend (Node has ${NODE_BACKENDS.join(', ')})`);
      const active = await useNodeBackend(name as NodeBackend);
      if (active.backend !== name) throw new Error(active.fallbackReason ?? `${name} did not start`);
      const software = /swiftshader/i.test(active.adapter ?? '');
      return { software, ...(active.adapter ? { adapter: `${active.adapter}${software ? ' (software adapter)' : ''}` } : {}) };
    },
    loadDataset: (settings) => loadDataset(settings.dataset, settings.seed, nodeDigitsSource),
  });
}
