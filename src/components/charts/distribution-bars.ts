/**
 * The softened-distribution chart, drawn straight onto its canvas. It is the chart the Temperature slider moves, so it
 * is redrawn in the frame of every move: through Chart.js one redraw took 8–18 ms of main thread here (its layout
 * measures every label again, resolves every option through its proxies and rebuilds the legend: `src/cli` probe,
 * 12 slider moves on the sweep preset), most of a frame. This draws the same picture — bars per class for the
 * teacher at the display T, the hard target's outline and the faint teacher at T = 1, a 0–1 probability axis and
 * a legend below — with a dozen text measurements and some rectangles.
 *
 * It writes what it drew into the canvas's data-chart-state, as the Chart.js charts do (chart-setup.ts).
 */
import type { ChartState } from './chart-setup';
import { classColour, classStripes } from './palette';
import { groupedBars, probabilityTicks, tickLabel, type PlotArea } from './bar-layout';

export interface DistributionSeries {
  classNames: readonly string[];
  /** The teacher's probabilities at the display T. */
  teacher: readonly number[];
  teacherLabel: string;
  /** The one-hot hard target. */
  hard: readonly number[];
  /** The teacher's probabilities at T = 1; null to leave them out (at T = 1 they are the teacher's bars). */
  atT1: readonly number[] | null;
}

export interface ChartLook {
  text: string;
  muted: string;
  grid: string;
  /** Font size in CSS px: 12, or 18 in lecture view (lines thicker too). */
  fontSize: number;
  fontFamily: string;
}

/** Colours and sizes from the page's theme and view, read when the canvas is (re)sized or the theme changes. */
export function chartLook(canvas: HTMLCanvasElement): ChartLook {
  const css = getComputedStyle(canvas);
  const lecture = canvas.closest('.lecture') !== null;
  return {
    text: css.getPropertyValue('--text').trim() || '#222222',
    muted: css.getPropertyValue('--muted').trim() || '#5a5a5a',
    grid: css.getPropertyValue('--border').trim() || '#d6d6d2',
    fontSize: lecture ? 18 : 12,
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  };
}

const LEGEND_BOX = 30;

/** Where the last paint put the plot (for the hover read-out). */
export interface Painted {
  area: PlotArea;
}

/** Draws the chart at `width`×`height` CSS px (the canvas's box, measured by the caller's ResizeObserver). */
export function paintDistribution(canvas: HTMLCanvasElement, width: number, height: number, series: DistributionSeries, look: ChartLook): Painted | null {
  const ctx = canvas.getContext('2d');
  if (!ctx || width <= 0 || height <= 0) return null;
  const ratio = globalThis.devicePixelRatio || 1;
  const pixelWidth = Math.round(width * ratio);
  const pixelHeight = Math.round(height * ratio);
  if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
  if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const { fontSize } = look;
  const lineWidth = fontSize > 12 ? 1.8 : 1;
  ctx.font = `${fontSize}px ${look.fontFamily}`;
  ctx.textBaseline = 'middle';

  // The legend, in rows under the plot.
  const entries = [
    { text: series.teacherLabel, fill: classStripes(series.classNames.length), stroke: null as string | null },
    { text: 'Hard target (one-hot)', fill: 'rgba(0,0,0,0)', stroke: look.text },
    ...(series.atT1 ? [{ text: 'Teacher at T = 1', fill: classStripes(series.classNames.length, 0.25), stroke: '#777777' }] : []),
  ];
  const gap = fontSize;
  const widths = entries.map((e) => LEGEND_BOX + fontSize / 2 + ctx.measureText(e.text).width);
  const rows: { items: number[]; width: number }[] = [];
  widths.forEach((w, i) => {
    const row = rows.at(-1);
    if (row && row.width + gap + w <= width) {
      row.items.push(i);
      row.width += gap + w;
    } else rows.push({ items: [i], width: w });
  });
  const rowHeight = fontSize * 1.6;
  const legendHeight = rows.length * rowHeight + fontSize / 2;

  // The plot: room for the y title and tick labels on the left, class names below.
  const ticks = probabilityTicks(height - legendHeight - 3 * fontSize, 2.2 * fontSize);
  const tickWidth = Math.max(...ticks.map((t) => ctx.measureText(tickLabel(t)).width));
  const left = fontSize * 1.6 + tickWidth + fontSize / 2;
  const area: PlotArea = { left, top: fontSize / 2, width: Math.max(1, width - left - fontSize / 2), height: Math.max(1, height - legendHeight - 2.2 * fontSize) };

  // Grid and tick labels.
  ctx.lineWidth = 1;
  ctx.strokeStyle = look.grid;
  ctx.fillStyle = look.muted;
  ctx.textAlign = 'right';
  for (const t of ticks) {
    const y = Math.round(area.top + area.height * (1 - t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(area.left, y);
    ctx.lineTo(area.left + area.width, y);
    ctx.stroke();
    ctx.fillText(tickLabel(t), area.left - fontSize / 2, y);
  }
  ctx.save();
  ctx.translate(fontSize * 0.8, area.top + area.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText('Probability', 0, 0);
  ctx.restore();

  // Bars: the teacher in its classes' colours, the hard target as an outline, the teacher at T = 1 faint.
  const n = series.classNames.length;
  for (const bar of groupedBars(area, n, [series.teacher, series.hard, series.atT1])) {
    const colour = classColour(bar.category);
    if (bar.series === 0) {
      ctx.fillStyle = colour;
      ctx.fillRect(bar.x, bar.y, bar.width, bar.height);
    } else if (bar.series === 1) {
      if (bar.height <= 0) continue;
      ctx.lineWidth = 2 * lineWidth;
      ctx.strokeStyle = look.text;
      ctx.strokeRect(bar.x + lineWidth, bar.y + lineWidth, bar.width - 2 * lineWidth, bar.height - lineWidth);
    } else {
      ctx.fillStyle = `${colour}40`;
      ctx.fillRect(bar.x, bar.y, bar.width, bar.height);
      ctx.lineWidth = lineWidth;
      ctx.strokeStyle = colour;
      ctx.strokeRect(bar.x + lineWidth / 2, bar.y + lineWidth / 2, bar.width - lineWidth, Math.max(0, bar.height - lineWidth / 2));
    }
  }
  // Class names under their groups.
  ctx.fillStyle = look.muted;
  ctx.textAlign = 'center';
  const slot = area.width / Math.max(1, n);
  series.classNames.forEach((name, i) => ctx.fillText(name, area.left + (i + 0.5) * slot, area.top + area.height + fontSize));

  // Legend rows, centred.
  rows.forEach((row, r) => {
    let x = (width - row.width) / 2;
    const y = height - legendHeight + fontSize / 2 + r * rowHeight + rowHeight / 2;
    for (const i of row.items) {
      const entry = entries[i]!;
      ctx.fillStyle = entry.fill;
      ctx.fillRect(x, y - fontSize / 2, LEGEND_BOX, fontSize);
      if (entry.stroke) {
        ctx.lineWidth = lineWidth;
        ctx.strokeStyle = entry.stroke;
        ctx.strokeRect(x + 0.5, y - fontSize / 2 + 0.5, LEGEND_BOX - 1, fontSize - 1);
      }
      ctx.fillStyle = look.muted;
      ctx.textAlign = 'left';
      ctx.fillText(entry.text, x + LEGEND_BOX + fontSize / 2, y);
      x += widths[i]! + gap;
    }
  });

  const state: ChartState = {
    axes: { x: { title: '', ticks: [...series.classNames] }, y: { title: 'Probability', ticks: ticks.map(tickLabel) } },
    legend: entries.map((e) => ({ text: e.text, fill: typeof e.fill === 'string' ? e.fill : 'pattern' })),
  };
  const json = JSON.stringify(state);
  if (canvas.dataset.chartState !== json) canvas.dataset.chartState = json;
  return { area };
}
