/**
 * Your own points on the page: placing and removing them on the scatter plot,
 * the class a click places, and whether they can train yet. The points live
 * in the settings (`points`, core/own-points.ts), so they go in the link, reach
 * the worker with every run and key its teacher; this class only edits them.
 */
import { cellAt, encodePoints, MAX_OWN_POINTS, POINTS_TEXT_LIMIT, samplePoints, type OwnPoint } from '../core/own-points';
import { classForKey, movedCursor, pointUnder, START_CELL, type Cell } from '../core/point-cursor';
import { findPreset } from '../core/presets';
import { isImageDataset, ownPointsOf } from '../core/settings';
import { classNamesOf, ownPointsProblem } from '../../datasets/own-points';
import type { Session } from './session.svelte';
import { countText } from '../core/number-text';

/** What a click on the plot does while you edit your points. */
export type PointTool = 'place' | 'pick';

/** Points of each class a start "from these points" takes from the dataset on screen. */
export const SAMPLE_PER_CLASS = 10;
/**
 * The teacher's epochs with your own points, at least: a few dozen points make epochs of one or two batches, and
 * 30 (the toy presets') left the teacher at 67% of its own 42 training points; 300 took it to 95% in under 2 s.
 */
export const OWN_POINTS_TEACHER_EPOCHS = 300;

export class OwnPointsEditor {
  /** The class a click places. */
  classIndex = $state(0);
  tool = $state<PointTool>('place');
  /** Why the last click placed nothing (the link's limit); null otherwise. */
  refusal = $state<string | null>(null);
  /** The keyboard's cursor on the points' grid (core/point-cursor.ts). */
  cursor = $state<Cell>({ ...START_CELL });
  readonly #session: Session;
  /** Whether the run's data is your points (an empty canvas included). */
  readonly active: boolean;
  readonly points: OwnPoint[];
  readonly classNames: readonly string[];
  /** Why they cannot train yet (too few), or null. */
  readonly problem: string | null;
  /** Own points can be placed on the 2-D datasets. */
  readonly available: boolean;

  constructor(session: Session) {
    this.#session = session;
    this.active = $derived(session.settings.points !== '');
    this.points = $derived(ownPointsOf(session.settings) ?? []);
    this.classNames = $derived(classNamesOf(session.settings.dataset));
    this.problem = $derived(ownPointsProblem(session.settings));
    this.available = $derived(!isImageDataset(session.settings.dataset));
  }

  /** Start your own points: an empty canvas, or a seeded sample of the dataset's points on screen. */
  start(from: 'empty' | 'sample'): void {
    const session = this.#session;
    const data = session.dataset;
    const sample = from === 'sample' && data && data.inputSize === 2 && !this.active ? samplePoints(data.testX, data.testY, data.classNames.length, SAMPLE_PER_CLASS, session.settings.seed) : [];
    if (session.settings.teacherEpochs < OWN_POINTS_TEACHER_EPOCHS) {
      session.settings.teacherEpochs = OWN_POINTS_TEACHER_EPOCHS;
      delete session.drafts.teacherEpochs;
    }
    this.classIndex = 0;
    this.tool = 'place';
    session.selectedIndex = 0;
    this.write(sample);
  }

  /** Back to the dataset's own points, and the preset's teacher epochs. */
  leave(): void {
    const session = this.#session;
    const preset = findPreset(session.presetName);
    if (preset && session.settings.teacherEpochs === OWN_POINTS_TEACHER_EPOCHS) {
      session.settings.teacherEpochs = preset.settings.teacherEpochs;
      delete session.drafts.teacherEpochs;
    }
    this.refusal = null;
    session.selectedIndex = 0;
    session.settings.points = '';
    session.previewData();
  }

  /**
   * A key pressed on the plot while placing points: arrows move the cursor (Shift: one cell), Enter or Space places
   * a point of the chosen class there or removes yours under it, 1–9 choose the class. False for other keys.
   */
  key(key: string, shift: boolean): boolean {
    const moved = movedCursor(this.cursor, key, shift);
    if (moved) {
      this.cursor = moved;
      return true;
    }
    if (/^[0-9]$/.test(key)) {
      // Every digit is the plot's while it has the focus (not a preset's shortcut), a class or none.
      const chosen = classForKey(key, this.classNames.length);
      if (chosen !== null) this.classIndex = chosen;
      return true;
    }
    if (key !== 'Enter' && key !== ' ') return false;
    const under = pointUnder(this.points, this.cursor);
    if (under >= 0) this.remove(under);
    else this.placeInCell(this.cursor);
    return true;
  }

  /** A click at a position in data units: a point of the chosen class in its cell (none outside the canvas), unless the link is full. */
  place(x: number, y: number): void {
    const cell = cellAt(x, y);
    if (cell) this.placeInCell(cell);
  }

  private placeInCell(cell: Cell): void {
    if (this.points.length >= MAX_OWN_POINTS) {
      this.refusal = `${MAX_OWN_POINTS} points is the most a link carries (${countText(POINTS_TEXT_LIMIT)} characters): remove some to place more.`;
      return;
    }
    this.write([...this.points, { ...cell, label: Math.min(this.classIndex, this.classNames.length - 1) }]);
  }

  remove(index: number): void {
    if (index < 0 || index >= this.points.length) return;
    this.write(this.points.filter((_, i) => i !== index));
  }

  /** Remove the last point placed. */
  undo(): void {
    this.remove(this.points.length - 1);
  }

  clear(): void {
    this.write([]);
  }

  private write(points: OwnPoint[]): void {
    this.refusal = null;
    this.#session.settings.points = encodePoints(points);
    this.#session.previewData();
  }
}
