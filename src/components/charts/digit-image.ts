/** One test digit as canvas pixels: dark ink on white, as it was written. */
export function digitImageData(ctx: CanvasRenderingContext2D, pixels: Float32Array, index: number, side: number): ImageData {
  const image = ctx.createImageData(side, side);
  const offset = index * side * side;
  for (let p = 0; p < side * side; p++) {
    const ink = 255 - Math.round(255 * pixels[offset + p]!);
    image.data.set([ink, ink, ink, 255], 4 * p);
  }
  return image;
}
