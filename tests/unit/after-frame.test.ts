import { describe, expect, it, vi } from 'vitest';
import { FRAME_WAIT_MS, inTurn, whenSettled } from '../../src/state/after-frame';
import { useFakeFrames } from './fake-frames';

const { frame, frameThenTasks } = useFakeFrames();

describe('inTurn, one job', () => {
  it('runs the job in a task after the next frame, not in the frame itself, and only once', () => {
    const job = vi.fn();
    inTurn(job);
    expect(job).not.toHaveBeenCalled();
    frame();
    expect(job).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(job).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(FRAME_WAIT_MS);
    expect(job).toHaveBeenCalledTimes(1);
  });

  it('runs it anyway when no frame comes (a hidden page)', () => {
    const job = vi.fn();
    inTurn(job);
    vi.advanceTimersByTime(FRAME_WAIT_MS - 1);
    expect(job).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(job).toHaveBeenCalledTimes(1);
    frame();
    vi.advanceTimersByTime(0);
    expect(job).toHaveBeenCalledTimes(1);
  });

  it('never runs it once cancelled, before or after the frame', () => {
    const early = vi.fn();
    inTurn(early)();
    const late = vi.fn();
    const cancelLate = inTurn(late);
    frame();
    cancelLate();
    vi.advanceTimersByTime(FRAME_WAIT_MS * 2);
    expect(early).not.toHaveBeenCalled();
    expect(late).not.toHaveBeenCalled();
  });
});

describe('inTurn', () => {
  it('runs waiting jobs one per frame, in the order they came, each after a frame', () => {
    const ran: string[] = [];
    inTurn(() => ran.push('matrix'));
    inTurn(() => ran.push('strip'));
    inTurn(() => ran.push('chart'));
    expect(ran).toEqual([]);
    frameThenTasks();
    expect(ran).toEqual(['matrix']);
    frameThenTasks();
    expect(ran).toEqual(['matrix', 'strip']);
    frameThenTasks();
    frameThenTasks();
    expect(ran).toEqual(['matrix', 'strip', 'chart']);
  });

  it('puts a job queued by a running job behind the others, and drops a cancelled one without holding the rest', () => {
    const ran: string[] = [];
    inTurn(() => {
      ran.push('first');
      inTurn(() => ran.push('queued by first'));
    });
    const cancel = inTurn(() => ran.push('cancelled'));
    inTurn(() => ran.push('second'));
    cancel();
    frameThenTasks();
    frameThenTasks();
    frameThenTasks();
    expect(ran).toEqual(['first', 'second', 'queued by first']);
  });

  it('cancels only its own entry when the same job is queued twice', () => {
    const job = vi.fn();
    inTurn(job);
    const cancelSecond = inTurn(job);
    cancelSecond();
    for (let i = 0; i < 3; i++) frameThenTasks();
    expect(job).toHaveBeenCalledTimes(1);
  });

  it('keeps going on a hidden page, which draws no frames', () => {
    const ran: number[] = [];
    for (let i = 0; i < 3; i++) inTurn(() => ran.push(i));
    vi.advanceTimersByTime(3 * FRAME_WAIT_MS);
    expect(ran).toEqual([0, 1, 2]);
  });

  it('goes on to the next job when one throws, the error still thrown', () => {
    const ran: string[] = [];
    inTurn(() => {
      throw new Error('a chart failed');
    });
    inTurn(() => ran.push('next'));
    expect(() => frameThenTasks()).toThrow('a chart failed');
    frameThenTasks();
    expect(ran).toEqual(['next']);
  });
});

describe('whenSettled', () => {
  it('runs after every waiting job, after the jobs those queue, and after the frame that follows the last', () => {
    const ran: string[] = [];
    // As the teacher's results arrive: the page asks to hear when it has caught up before the panels' effects queue their jobs.
    whenSettled(() => ran.push('settled'));
    inTurn(() => {
      ran.push('matrix inputs');
      inTurn(() => ran.push('matrix table'));
    });
    inTurn(() => ran.push('strip'));
    const frames: string[][] = [];
    for (let i = 0; i < 6; i++) {
      frameThenTasks();
      frames.push([...ran]);
    }
    expect(ran).toEqual(['matrix inputs', 'strip', 'matrix table', 'settled']);
    // The table, queued by the matrix's first job, ran after the strip; the page was settled only a frame after it,
    // once the table had been laid out and painted.
    const tableFrame = frames.findIndex((seen) => seen.includes('matrix table'));
    const settledFrame = frames.findIndex((seen) => seen.includes('settled'));
    expect(settledFrame).toBeGreaterThan(tableFrame);
  });

  it('with nothing waiting, runs after the next frame; on a hidden page, after the frame wait', () => {
    const settled = vi.fn();
    whenSettled(settled);
    expect(settled).not.toHaveBeenCalled();
    vi.advanceTimersByTime(FRAME_WAIT_MS);
    expect(settled).toHaveBeenCalledTimes(1);
  });
});
