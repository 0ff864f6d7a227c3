/**
 * The worker measures the backends again once it has been quiet (workers/quiet-refine.ts): only after the quiet
 * time since the last command, never while it holds a run, behind any command, and stopping for one that waits.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import type { FromWorker } from '../../src/protocol/messages';
import { QuietTimer } from '../../workers/quiet-refine';
import { base, controllerFor } from './controller-fakes';
import { useCpu } from './setup';

beforeAll(useCpu);

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const QUIET_MS = 250;

describe('measuring the backends again when the worker is quiet', () => {
  it('happens once the worker has had no command for the quiet time, and each command starts the wait again', async () => {
    const messages: { message: FromWorker; slices: number }[] = [];
    const { controller, backends } = controllerFor(createRng(1), messages, 0, QUIET_MS);
    await controller.receive({ type: 'init', backend: 'auto', settings: base, calibrations: [], seq: 1 });
    for (let seq = 2; seq < 8; seq++) {
      await wait(QUIET_MS / 8);
      await controller.receive({ type: 'set-params', settings: base, seq });
    }
    expect(backends.refines).toEqual([]); // never quiet long enough yet
    await wait(QUIET_MS * 2);
    await controller.settled();
    expect(backends.refines).toEqual([false]); // once, and nothing asked it to stop
    await wait(QUIET_MS * 2);
    expect(backends.refines).toHaveLength(1); // no command since: no second one
  });

  it('never while the worker holds a run (it switches backends as it measures); after the run is reset, it does', async () => {
    const messages: { message: FromWorker; slices: number }[] = [];
    const { controller, backends } = controllerFor(createRng(2), messages, 0, QUIET_MS);
    await controller.receive({ type: 'init', backend: 'auto', settings: base, calibrations: [], seq: 1 });
    await controller.receive({ type: 'step', settings: base, calibration: null, trainTeacherLive: false, seq: 2 });
    await wait(QUIET_MS * 2);
    await controller.settled();
    expect(controller.state).toBe('paused');
    expect(backends.refines).toEqual([]);
    await controller.receive({ type: 'reset', seq: 3 });
    await wait(QUIET_MS * 2);
    await controller.settled();
    expect(backends.refines).toEqual([false]);
  });

  it('is asked to stop when a command comes while it measures, and that command is handled after it', async () => {
    const messages: { message: FromWorker; slices: number }[] = [];
    const { controller, backends } = controllerFor(createRng(3), messages, 0, QUIET_MS);
    let measuring: () => void = () => undefined;
    const began = new Promise<void>((resolve) => (measuring = resolve));
    const order: string[] = [];
    backends.refine = async (stop) => {
      measuring();
      await wait(30);
      order.push('refine');
      backends.refines.push(stop());
    };
    await controller.receive({ type: 'init', backend: 'auto', settings: base, calibrations: [], seq: 1 });
    await began;
    const handled = controller.receive({ type: 'set-params', settings: base, seq: 2 }).then(() => order.push('set-params'));
    await handled;
    expect(backends.refines).toEqual([true]);
    expect(order).toEqual(['refine', 'set-params']);
  });

  it('a quiet time of 0 never fires (Node, where no page loads)', async () => {
    let fired = 0;
    const timer = new QuietTimer(0, () => fired++);
    timer.restart();
    await wait(20);
    expect(fired).toBe(0);
    const soon = new QuietTimer(5, () => fired++);
    soon.restart();
    soon.cancel();
    await wait(20);
    expect(fired).toBe(0);
  });
});
