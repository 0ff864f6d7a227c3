import { describe, expect, it } from 'vitest';
import { shortcutFor } from '../../src/core/shortcuts';

const none = { ctrl: false, alt: false, meta: false };

describe('keyboard shortcuts', () => {
  it('maps the lecture keys', () => {
    expect(shortcutFor(' ', none, false)).toEqual({ kind: 'toggle-training' });
    expect(shortcutFor('ArrowRight', none, false)).toEqual({ kind: 'temperature', delta: 1 });
    expect(shortcutFor('ArrowLeft', none, false)).toEqual({ kind: 'temperature', delta: -1 });
    expect(shortcutFor('R', none, false)).toEqual({ kind: 'reset' });
    expect(shortcutFor('3', none, false)).toEqual({ kind: 'preset', index: 2 });
    expect(shortcutFor('0', none, false)).toEqual({ kind: 'preset', index: 9 });
    expect(shortcutFor('?', none, false)).toEqual({ kind: 'help' });
  });

  it('leaves typing in fields and browser shortcuts alone', () => {
    expect(shortcutFor('r', none, true)).toBeNull();
    expect(shortcutFor(' ', none, true)).toBeNull();
    expect(shortcutFor('r', { ...none, ctrl: true }, false)).toBeNull();
    expect(shortcutFor('x', none, false)).toBeNull();
  });
});
