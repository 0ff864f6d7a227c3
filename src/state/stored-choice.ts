/**
 * A short choice kept in this browser's localStorage (the theme, a switch, the
 * tour's end): read back only when it is one of the values the app writes.
 * Anything else — an edited or corrupted store — is removed and named once, for
 * a notice; storage that throws reads as nothing stored.
 */
import { clip } from '../core/url-state';
import type { ProgressStorage } from './quiz-progress.svelte';

export interface StoredChoice<T extends string> {
  /** The stored value; null when none, or when it was not one of the values allowed. */
  value: T | null;
  /** What was wrong with the stored value, and what is used instead; null when all was well. */
  problem: string | null;
}

/**
 * @param what the setting, as a notice names it ("theme")
 * @param instead what is used in its place ("the system's theme is used")
 */
export function readStoredChoice<T extends string>(storage: ProgressStorage | null, key: string, allowed: readonly T[], what: string, instead: string): StoredChoice<T> {
  let text: string | null;
  try {
    text = storage?.getItem(key) ?? null;
  } catch {
    return { value: null, problem: null };
  }
  if (text === null) return { value: null, problem: null };
  if ((allowed as readonly string[]).includes(text)) return { value: text as T, problem: null };
  try {
    storage?.removeItem(key);
  } catch {
    // Storage that refuses: the value is named again next visit.
  }
  return { value: null, problem: `The ${what} stored in this browser (“${clip(text)}”) is not one this app writes, so it was cleared; ${instead}.` };
}
