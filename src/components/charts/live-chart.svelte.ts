/**
 * A Chart.js chart tied to a canvas for the life of a component: created when
 * the canvas appears, destroyed with it. The chart object itself stays out of
 * deep reactivity ($state.raw); callers update its data in their own effect.
 *
 * Charts are created one per frame (after-frame.ts: inTurn), in the order their canvases appeared: a
 * new chart's first layout costs 20–50 ms (Chart.js measures every label), and
 * the panels of a run appear together, so creating them all in the task that
 * shows the panels was one main-thread task of 100–250 ms at a run's start.
 * For the same reason the charts that follow a run's epochs redraw through
 * `redraw()`: one chart per frame, a chart's redraws coalesced, instead of every
 * chart's layout in the task that brings an epoch's metrics. Each waits for the next
 * frame (after-frame.ts): a chart measures its box as it is made or redrawn, and run
 * straight after the task that put a run's panels on the page, that measurement forced
 * the page's pending style, layout and text shaping into the chart's task (62–89 ms at
 * the end of the 7s-and-8s and omitted-class runs in a trace; the chart's own part 26 ms). A chart off screen
 * is not redrawn at all until it scrolls into view (or is saved as PNG): a redraw
 * is 8 ms of layout on an idle main thread here and 30–60 ms while the worker
 * trains, and the page's charts sit below the fold at lecture sizes. The chart
 * the temperature slider moves is not a Chart.js chart (charts/distribution-bars.ts).
 */
import { untrack } from 'svelte';
import type { ChartConfiguration, ChartType } from 'chart.js';
import { createChart, type Chart } from './chart-setup';
import { inTurn as soon } from '../../state/after-frame';

/** Redraws held back while their canvas is off screen, run when it comes near the viewport (or on `drawNow`). */
const heldBack = new Map<HTMLCanvasElement, () => void>();
const offScreen = new WeakSet<HTMLCanvasElement>();
let watcher: IntersectionObserver | null = null;

function watch(canvas: HTMLCanvasElement): () => void {
  if (typeof IntersectionObserver === 'undefined') return () => undefined;
  watcher ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const target = entry.target as HTMLCanvasElement;
        if (!entry.isIntersecting) {
          offScreen.add(target);
          continue;
        }
        offScreen.delete(target);
        const redraw = heldBack.get(target);
        heldBack.delete(target);
        // One chart per task, as everywhere here: several charts may scroll in together.
        if (redraw) soon(redraw);
      }
    },
    // Drawn a little before it scrolls in, so a reader never sees a stale chart.
    { rootMargin: '300px 0px' },
  );
  watcher.observe(canvas);
  return () => {
    watcher?.unobserve(canvas);
    offScreen.delete(canvas);
    heldBack.delete(canvas);
  };
}

/** Brings a chart held back off screen up to date at once (before its pixels are saved). */
export function drawNow(canvas: HTMLCanvasElement): void {
  const redraw = heldBack.get(canvas);
  heldBack.delete(canvas);
  redraw?.();
}

export interface LiveChart<T extends ChartType> {
  readonly chart: Chart<T> | null;
  /** Redraw with the data now in the chart, in a task of its own soon (coalesced). */
  redraw(): void;
}

export function liveChart<T extends ChartType>(getCanvas: () => HTMLCanvasElement | undefined, config: () => ChartConfiguration<T>): LiveChart<T> {
  let chart = $state.raw<Chart<T> | null>(null);
  let cancelRedraw: (() => void) | null = null;
  $effect(() => {
    const canvas = getCanvas();
    if (!canvas) return;
    let created: Chart<T> | null = null;
    // The configuration is read once; later data arrives through chart.update.
    let cancelPublish: (() => void) | undefined;
    const cancel = soon(() => {
      if (!canvas.isConnected) return;
      created = untrack(() => createChart(canvas, config()));
      // Handed to the panel a task later: its first data update (a second layout) is a task of its own too.
      cancelPublish = soon(() => (chart = created));
    });
    const unwatch = watch(canvas);
    return () => {
      unwatch();
      cancel();
      cancelPublish?.();
      cancelRedraw?.();
      cancelRedraw = null;
      created?.destroy();
      chart = null;
    };
  });
  return {
    get chart() {
      return chart;
    },
    redraw() {
      const target = chart?.canvas;
      if (target && offScreen.has(target)) {
        heldBack.set(target, () => chart?.canvas === target && chart.update('none'));
        return;
      }
      if (cancelRedraw) return;
      cancelRedraw = soon(() => {
        cancelRedraw = null;
        chart?.update('none');
      });
    },
  };
}
