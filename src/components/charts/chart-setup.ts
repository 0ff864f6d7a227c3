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
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Legend, Tooltip);
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
