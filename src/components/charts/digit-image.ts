/** One test digit as canvas pixels: dark ink on white, as it was written. */
export function digitImageData(ctx: CanvasRenderingContext2D, pixels: Float32Array, index: number, side: number): ImageData {
  const image = ctx.createImageData(side, side);
  const offset = index * side * side;
  const rgba = image.data;
  for (let p = 0; p < side * side; p++) {
    const ink = 255 - Math.round(255 * pixels[offset + p]!);
    rgba[4 * p] = rgba[4 * p + 1] = rgba[4 * p + 2] = ink;
    rgba[4 * p + 3] = 255;
  }
  return image;
}


/**
 * Test digits side by side as one image, drawn on one canvas and encoded off the main thread (toBlob): a canvas
 * per thumbnail cost ~1.5 ms of getContext each, and toDataURL encodes on the main thread. `onUrl` gets the
 * image's object URL, decoded, and owns it from then on (sprite-urls.ts revokes it once replaced); the returned
 * function (an $effect's cleanup) cancels a sprite not yet handed over.
 */
export function digitSprite(pixels: Float32Array, indices: readonly number[], side: number, onUrl: (url: string) => void): () => void {
  const canvas = document.createElement('canvas');
  canvas.width = side * indices.length;
  canvas.height = side;
  const ctx = canvas.getContext('2d');
  /** Held while the strip shows the sprite, so that its decoded pixels stay in the page's image cache. */
  let decoded: HTMLImageElement | null = null;
  let live = true;
  if (ctx) {
    indices.forEach((index, slot) => ctx.putImageData(digitImageData(ctx, pixels, index, side), slot * side, 0));
    canvas.toBlob((blob) => {
      if (!blob || !live) return;
      const made = URL.createObjectURL(blob);
      // Decoded before it is shown: a background image not yet decoded is decoded inside the page's paint, on the
      // main thread (17-24 ms in the frame that showed a teacher's results, Chromium trace).
      decoded = new Image();
      decoded.src = made;
      const show = () => (live ? onUrl(made) : URL.revokeObjectURL(made));
      decoded.decode().then(show, show);
    });
  }
  return () => {
    live = false;
    decoded = null;
  };
}
