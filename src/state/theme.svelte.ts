/** Light, dark or the system's theme, remembered in the browser. */
import { browserStorage } from './quiz-progress.svelte';
import { readStoredChoice } from './stored-choice';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'dkl.theme';

export class Theme {
  choice = $state<ThemeChoice>('system');
  /** A stored theme that could not be read back (an edited store), for a notice; null when all was well. */
  readonly problem: string | null;

  constructor() {
    const stored = readStoredChoice<ThemeChoice>(browserStorage(), KEY, ['system', 'light', 'dark'], 'theme', 'the system’s theme is used');
    this.choice = stored.value ?? 'system';
    this.problem = stored.problem;
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    // At once, before the panels redraw, so their canvases read the new colours.
    this.apply(document.documentElement);
    try {
      localStorage.setItem(KEY, choice);
    } catch {
      // Storage may be off (private mode): the choice still holds for this visit.
    }
  }

  /** Applies the choice to <html data-theme>; 'system' leaves it to prefers-color-scheme. */
  apply(root: HTMLElement): void {
    if (this.choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = this.choice;
  }
}
