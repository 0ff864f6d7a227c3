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
  | { kind: 'fullscreen' };

export const SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: 'Space', does: 'Train / pause' },
  { keys: '← / →', does: 'Lower / raise the display temperature by 1' },
  { keys: 'R', does: 'Reset the run' },
  { keys: '1 – 9, 0', does: 'Load preset 1 – 10' },
  { keys: 'L', does: 'Lecture view on / off' },
  { keys: 'F', does: 'Full screen on / off' },
  { keys: '?', does: 'Show this list' },
];

/** The action for a key press, or null; keys typed into form fields are never shortcuts. */
export function shortcutFor(key: string, modifiers: { ctrl: boolean; alt: boolean; meta: boolean }, targetIsField: boolean): ShortcutAction | null {
  if (targetIsField || modifiers.ctrl || modifiers.alt || modifiers.meta) return null;
  switch (key) {
    case ' ':
      return { kind: 'toggle-training' };
    case 'ArrowRight':
      return { kind: 'temperature', delta: 1 };
    case 'ArrowLeft':
      return { kind: 'temperature', delta: -1 };
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
