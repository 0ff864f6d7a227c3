import { HARD, SOFT } from '../../core/roster';

/**
 * Colour-blind-safe colours (Okabe & Ito). Animals get warm hues, vehicles
 * cool ones, so the two families read as groups on every chart.
 */
export const CLASS_COLOURS = ['#E69F00', '#D55E00', '#CC79A7', '#56B4E9', '#0072B2', '#009E73', '#F0E442', '#999999', '#000000', '#8B4513'];

/** Line and bar colours of the teacher and the compared students, by model id. */
export const MODEL_COLOURS = {
  teacher: '#6b6b6b',
  [HARD]: '#D55E00',
  [SOFT]: '#0072B2',
} as const;

export function classColour(index: number): string {
  return CLASS_COLOURS[index % CLASS_COLOURS.length]!;
}

const stripes = new Map<string, CanvasPattern | string>();

/**
 * Stripes of the first `count` class colours: the legend swatch of a series whose bars each take their class's colour.
 * Made once per count and alpha: the legend asks on every chart update (each slider move), and a new canvas each
 * time cost a few milliseconds of the move's frame.
 */
export function classStripes(count: number, alpha = 1): CanvasPattern | string {
  const key = `${count} ${alpha}`;
  let pattern = stripes.get(key);
  if (pattern === undefined) stripes.set(key, (pattern = drawStripes(count, alpha)));
  return pattern;
}

function drawStripes(count: number, alpha: number): CanvasPattern | string {
  const stripe = 4;
  const tile = document.createElement('canvas');
  tile.width = stripe * Math.max(1, count);
  tile.height = 1;
  const ctx = tile.getContext('2d');
  if (!ctx) return '#999999';
  ctx.globalAlpha = alpha;
  for (let i = 0; i < count; i++) {
    ctx.fillStyle = classColour(i);
    ctx.fillRect(i * stripe, 0, stripe, 1);
  }
  return ctx.createPattern(tile, 'repeat') ?? '#999999';
}
