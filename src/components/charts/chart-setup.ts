/** Chart.js with only the pieces the panels use, registered once; no animation (charts update live). */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
  type Plugin,
} from 'chart.js';

/** What a chart drew, as the canvas's data-chart-state: page checks cannot reach Chart.js in the built app. */
export interface ChartState {
  axes: Record<string, { title: string; ticks: string[] }>;
  legend: { text: string; fill: string }[];
}

const chartState: Plugin = {
  id: 'chartState',
  // After the legend plugin's own afterUpdate (registered before this one), so its entries are built.
  afterUpdate(chart) {
    const axes: ChartState['axes'] = {};
    for (const scale of Object.values(chart.scales)) {
      const display = scale.options.display;
      if (display === false || (display === 'auto' && scale.getMatchingVisibleMetas().length === 0)) continue;
      const title = (scale.options as { title?: { display?: boolean; text?: string | string[] } }).title;
      axes[scale.id] = { title: title?.display ? [title.text ?? ''].flat().join(' ') : '', ticks: scale.ticks.map((t) => [t.label ?? ''].flat().join(' ')) };
    }
    const legend = (chart.legend?.legendItems ?? []).map((item) => ({ text: item.text, fill: typeof item.fillStyle === 'string' ? item.fillStyle : 'pattern' }));
    const state = JSON.stringify({ axes, legend } satisfies ChartState);
    if (chart.canvas.dataset.chartState !== state) chart.canvas.dataset.chartState = state;
  },
};

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Legend, Tooltip, chartState);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Svelte attachment-style helper: creates the chart on a canvas and returns
 * an update function; charts live outside $state so they are not proxied.
 */
export function createChart<T extends ChartType>(canvas: HTMLCanvasElement, config: ChartConfiguration<T>): Chart<T> {
  // Text and grid colours follow the page theme at the time the chart is drawn.
  const css = getComputedStyle(canvas);
  Chart.defaults.color = css.getPropertyValue('--muted').trim() || '#5a5a5a';
  Chart.defaults.borderColor = css.getPropertyValue('--border').trim() || '#d6d6d2';
  const lecture = canvas.closest('.lecture') !== null;
  Chart.defaults.font.size = lecture ? 18 : 12;
  if (lecture) {
    // Thick lines, readable from the back of a lecture hall.
    for (const dataset of config.data.datasets as { borderWidth?: number }[]) {
      if (typeof dataset.borderWidth === 'number') dataset.borderWidth *= 1.8;
    }
  }
  return new Chart(canvas, config);
}

export { Chart };
