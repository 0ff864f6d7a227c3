/**
 * Keyboard shortcuts for the lecture hall, as a pure mapping from a key to an
 * action (so it can be tested, and listed in the help dialog).
 */
export type ShortcutAction =
  | { kind: 'toggle-training' }
  | { kind: 'temperature'; delta: number }
  | { kind: 'reset' }
  | { kind: 'preset'; index: number }
  | { kind: 'help' }
  | { kind: 'lecture' }
  | { kind: 'fullscreen' }
  /** The guided lecture's next (+1) or previous (−1) step. */
  | { kind: 'lecture-step'; delta: 1 | -1 };

/**
 * What has the keyboard focus, as far as shortcuts care: typing into a text field takes every key; a slider keeps
 * its arrow keys; a button keeps Space and Enter — unless it is the current preset's chip, where Space would do
 * nothing new, so Space trains as everywhere else.
 */
export type FocusKind = 'none' | 'text' | 'range' | 'button' | 'pressed-button';

export const SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: 'Space', does: 'Train / pause' },
  { keys: '← / →', does: 'Lower / raise the display temperature by 1' },
  { keys: 'R', does: 'Reset the run' },
  { keys: '1 – 9, 0', does: 'Load preset 1 – 10' },
  { keys: 'N / Page Down', does: 'Guided lecture: next step (N starts it in lecture view)' },
  { keys: 'P / Page Up', does: 'Guided lecture: previous step' },
  { keys: 'L', does: 'Lecture view on / off' },
  { keys: 'F', does: 'Full screen on / off' },
  { keys: '?', does: 'Show this list' },
];

/** The action for a key press, or null; keys typed into text fields are never shortcuts. */
export function shortcutFor(key: string, modifiers: { ctrl: boolean; alt: boolean; meta: boolean }, focus: FocusKind): ShortcutAction | null {
  if (focus === 'text' || modifiers.ctrl || modifiers.alt || modifiers.meta) return null;
  if (focus === 'button' && (key === ' ' || key === 'Enter')) return null;
  if (focus === 'range' && key.startsWith('Arrow')) return null;
  switch (key) {
    case ' ':
      return { kind: 'toggle-training' };
    case 'ArrowRight':
      return { kind: 'temperature', delta: 1 };
    case 'ArrowLeft':
      return { kind: 'temperature', delta: -1 };
    case 'PageDown':
    case 'n':
    case 'N':
      return { kind: 'lecture-step', delta: 1 };
    case 'PageUp':
    case 'p':
    case 'P':
      return { kind: 'lecture-step', delta: -1 };
    case 'r':
    case 'R':
      return { kind: 'reset' };
    case '?':
      return { kind: 'help' };
    case 'l':
    case 'L':
      return { kind: 'lecture' };
    case 'f':
    case 'F':
      return { kind: 'fullscreen' };
    default:
      if (/^[0-9]$/.test(key)) return { kind: 'preset', index: key === '0' ? 9 : Number(key) - 1 };
      return null;
  }
}

/** The focus kind of an element, for shortcutFor. */
export function focusKindOf(element: { tagName: string; isContentEditable?: boolean; type?: string; getAttribute(name: string): string | null } | null): FocusKind {
  if (!element) return 'none';
  if (element.isContentEditable) return 'text';
  switch (element.tagName) {
    case 'TEXTAREA':
    case 'SELECT':
      return 'text';
    case 'INPUT':
      if (element.type === 'range') return 'range';
      return ['checkbox', 'radio', 'button', 'submit', 'reset'].includes(element.type ?? '') ? 'button' : 'text';
    case 'BUTTON':
    case 'SUMMARY':
    case 'A':
      // The current preset's chip (data-preset): choosing it again does nothing, so Space trains.
      return element.getAttribute('data-preset') !== null && element.getAttribute('aria-pressed') === 'true' ? 'pressed-button' : 'button';
    default:
      return 'none';
  }
}
