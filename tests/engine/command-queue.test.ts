import { describe, expect, it } from 'vitest';
import { CommandQueue } from '../../workers/command-queue';
import type { Command } from '../../src/protocol/messages';

const pause = (seq: number): Command => ({ type: 'pause', seq });
const reset = (seq: number): Command => ({ type: 'reset', seq });
const resume = (seq: number): Command => ({ type: 'resume', seq });

describe('the run controller’s command queue', () => {
  it('handles commands one after another, each answered after it, and counts Pauses and Resets on arrival', async () => {
    const events: string[] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const queue: CommandQueue = new CommandQueue(
      async (command, stopsBefore) => {
        events.push(`${command.type} ${command.seq} after ${stopsBefore} stops`);
        if (command.seq === 1) await first;
      },
      () => events.push('failed'),
      () => events.push(`answered ${queue.lastHandled}`),
    );
    void queue.receive(resume(1));
    void queue.receive(pause(2));
    void queue.receive(reset(3));
    // Counted before the first command has finished: a set-up under way can see them.
    expect([queue.stopsReceived, queue.resetsReceived]).toEqual([2, 1]);
    await Promise.resolve();
    expect(events).toEqual(['resume 1 after 0 stops']);
    release();
    await queue.settled();
    expect(events).toEqual(['resume 1 after 0 stops', 'answered 1', 'pause 2 after 0 stops', 'answered 2', 'reset 3 after 1 stops', 'answered 3']);
  });

  it('answers a command that failed, and goes on with the next', async () => {
    const events: string[] = [];
    const queue: CommandQueue = new CommandQueue(
      async (command) => {
        if (command.seq === 1) throw new Error('no backend');
        events.push(`handled ${command.seq}`);
      },
      (error) => events.push(`failed: ${(error as Error).message}`),
      () => events.push(`answered ${queue.lastHandled}`),
    );
    void queue.receive(resume(1));
    await queue.receive(resume(2));
    expect(events).toEqual(['failed: no backend', 'answered 1', 'handled 2', 'answered 2']);
  });
});
