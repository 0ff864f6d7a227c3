/** Light, dark or the system's theme, remembered in the browser. */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'dkl.theme';

function readChoice(): ThemeChoice {
  try {
    const saved = localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

export class Theme {
  choice = $state<ThemeChoice>(readChoice());

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
