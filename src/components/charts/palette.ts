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
