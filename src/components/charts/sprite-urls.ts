/**
 * The object URL of the digit sprite on screen, and when the one it replaces may be revoked: not as the next one is
 * being made, since thumbnails created meanwhile would still ask for it (a revoked blob URL fails to load: "Failed to
 * load resource: net::ERR_FILE_NOT_FOUND", seen in a browser test), but once the new one is shown and a frame has
 * followed.
 */
import { afterNextFrame } from '../../state/after-frame';

export class SpriteUrls {
  private current: string | null = null;

  /** `show` puts a URL on screen (a component's state); `revoke` frees one (URL.revokeObjectURL). */
  constructor(
    private readonly show: (url: string) => void,
    private readonly revoke: (url: string) => void = (url) => URL.revokeObjectURL(url),
  ) {}

  /** Shows `next` from now on; the one it replaces is revoked after the next frame. Bound: digitSprite's `onUrl`. */
  readonly replace = (next: string): void => {
    const old = this.current;
    this.current = next;
    this.show(next);
    if (old !== null && old !== next) afterNextFrame(() => this.revoke(old));
  };

  /** Nothing shows a sprite any more (the component is gone): the last one is revoked at once. */
  dispose(): void {
    if (this.current !== null) this.revoke(this.current);
    this.current = null;
  }
}
