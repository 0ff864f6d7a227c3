import { describe, expect, it } from 'vitest';
import { SpriteUrls } from '../../src/components/charts/sprite-urls';
import { useFakeFrames } from './fake-frames';

const { frameThenTasks } = useFakeFrames();

describe('a digit sprite’s object URLs', () => {
  it('keeps the replaced URL until the new one has been shown for a frame, then revokes it', () => {
    const revoked: string[] = [];
    const shown: string[] = [];
    const sprites = new SpriteUrls((url) => shown.push(url), (url) => revoked.push(url));
    sprites.replace('blob:a');
    expect(shown).toEqual(['blob:a']);
    frameThenTasks();
    expect(revoked).toEqual([]);
    sprites.replace('blob:b');
    expect(shown).toEqual(['blob:a', 'blob:b']);
    // Thumbnails made in this same update may still name blob:a: it must still load.
    expect(revoked).toEqual([]);
    frameThenTasks();
    expect(revoked).toEqual(['blob:a']);
  });

  it('revokes the last one at once when the component goes, and never twice', () => {
    const revoked: string[] = [];
    const sprites = new SpriteUrls(() => undefined, (url) => revoked.push(url));
    // Passed on as a plain function (digitSprite's onUrl), it still acts on its own instance.
    const replace = sprites.replace;
    replace('blob:a');
    replace('blob:b');
    sprites.dispose();
    expect(revoked).toEqual(['blob:b']);
    frameThenTasks();
    expect(revoked).toEqual(['blob:b', 'blob:a']);
    sprites.dispose();
    expect(revoked).toEqual(['blob:b', 'blob:a']);
  });
});
