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

