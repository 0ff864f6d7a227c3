import { drawNow } from './live-chart.svelte';

/** Save a canvas as PNG (on an opaque background, so it reads on slides) or text as a file. */
export function downloadCanvasPng(canvas: HTMLCanvasElement, filename: string, scale = 1): void {
  drawNow(canvas);
  const copy = document.createElement('canvas');
  copy.width = canvas.width * scale;
  copy.height = canvas.height * scale;
  const ctx = copy.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--surface').trim() || '#ffffff';
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.imageSmoothingEnabled = scale === 1; // small grids (decision maps) are enlarged as crisp cells
  ctx.drawImage(canvas, 0, 0, copy.width, copy.height);
  save(copy.toDataURL('image/png'), filename);
}

export function downloadText(text: string, filename: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  save(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function save(href: string, filename: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
}
