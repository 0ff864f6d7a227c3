import { describe, expect, it } from 'vitest';
import { focusKindOf, shortcutFor } from '../../src/core/shortcuts';

const none = { ctrl: false, alt: false, meta: false };
const el = (tagName: string, attrs: Record<string, string> = {}, type?: string) => ({ tagName, type, getAttribute: (name: string) => attrs[name] ?? null });

describe('keyboard shortcuts', () => {
  it('maps the lecture keys', () => {
    expect(shortcutFor(' ', none, 'none')).toEqual({ kind: 'toggle-training' });
    expect(shortcutFor('ArrowRight', none, 'none')).toEqual({ kind: 'temperature', delta: 1 });
    expect(shortcutFor('ArrowLeft', none, 'none')).toEqual({ kind: 'temperature', delta: -1 });
    expect(shortcutFor('R', none, 'none')).toEqual({ kind: 'reset' });
    expect(shortcutFor('3', none, 'none')).toEqual({ kind: 'preset', index: 2 });
    expect(shortcutFor('0', none, 'none')).toEqual({ kind: 'preset', index: 9 });
    expect(shortcutFor('?', none, 'none')).toEqual({ kind: 'help' });
  });

  it('steps the guided lecture with Page Down / Page Up, N / P (what a presentation clicker sends)', () => {
    for (const key of ['PageDown', 'n', 'N']) expect(shortcutFor(key, none, 'none')).toEqual({ kind: 'lecture-step', delta: 1 });
    for (const key of ['PageUp', 'p', 'P']) expect(shortcutFor(key, none, 'button')).toEqual({ kind: 'lecture-step', delta: -1 });
  });

  it('leaves typing in fields and browser shortcuts alone', () => {
    expect(shortcutFor('r', none, 'text')).toBeNull();
    expect(shortcutFor(' ', none, 'text')).toBeNull();
    expect(shortcutFor('PageDown', none, 'text')).toBeNull();
    expect(shortcutFor('r', { ...none, ctrl: true }, 'none')).toBeNull();
    expect(shortcutFor('x', none, 'none')).toBeNull();
  });

  it('a focused button keeps Space and Enter, a slider its arrows; other keys still work', () => {
    expect(shortcutFor(' ', none, 'button')).toBeNull();
    expect(shortcutFor('Enter', none, 'button')).toBeNull();
    expect(shortcutFor('ArrowRight', none, 'button')).toEqual({ kind: 'temperature', delta: 1 });
    expect(shortcutFor('3', none, 'button')).toEqual({ kind: 'preset', index: 2 });
    expect(shortcutFor('ArrowRight', none, 'range')).toBeNull();
    expect(shortcutFor(' ', none, 'range')).toEqual({ kind: 'toggle-training' });
  });

  it('Space on the pressed preset button (just clicked) trains instead of choosing it again', () => {
    expect(shortcutFor(' ', none, 'pressed-button')).toEqual({ kind: 'toggle-training' });
  });

  it('classifies the focused element', () => {
    expect(focusKindOf(null)).toBe('none');
    expect(focusKindOf(el('DIV'))).toBe('none');
    expect(focusKindOf(el('INPUT', {}, 'number'))).toBe('text');
    expect(focusKindOf(el('INPUT', {}, 'text'))).toBe('text');
    expect(focusKindOf(el('INPUT', {}, 'range'))).toBe('range');
    expect(focusKindOf(el('INPUT', {}, 'checkbox'))).toBe('button');
    expect(focusKindOf(el('SELECT'))).toBe('text');
    expect(focusKindOf(el('BUTTON'))).toBe('button');
    expect(focusKindOf(el('BUTTON', { 'aria-pressed': 'true', 'data-preset': 'low-data' }))).toBe('pressed-button');
    expect(focusKindOf(el('BUTTON', { 'aria-pressed': 'false', 'data-preset': 'low-data' }))).toBe('button');
    // Other toggles (Lecture view) keep their Space.
    expect(focusKindOf(el('BUTTON', { 'aria-pressed': 'true' }))).toBe('button');
    expect(focusKindOf({ ...el('DIV'), isContentEditable: true })).toBe('text');
  });
});
