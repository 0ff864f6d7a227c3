/**
 * A Chart.js chart tied to a canvas for the life of a component: created when
 * the canvas appears, destroyed with it. The chart object itself stays out of
 * deep reactivity ($state.raw); callers update its data in their own effect.
 */
import { untrack } from 'svelte';
import type { ChartConfiguration, ChartType } from 'chart.js';
import { createChart, type Chart } from './chart-setup';

export function liveChart<T extends ChartType>(getCanvas: () => HTMLCanvasElement | undefined, config: () => ChartConfiguration<T>): { readonly chart: Chart<T> | null } {
  let chart = $state.raw<Chart<T> | null>(null);
  $effect(() => {
    const canvas = getCanvas();
    if (!canvas) return;
    // The configuration is read once; later data arrives through chart.update.
    const created = untrack(() => createChart(canvas, config()));
    chart = created;
    return () => {
      created.destroy();
      chart = null;
    };
  });
  return {
    get chart() {
      return chart;
    },
  };
}
