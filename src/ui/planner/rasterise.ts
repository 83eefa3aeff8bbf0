/** A report figure drawn to PNG bytes in the browser: SVG → <img> → canvas (2× for print). */
import { figureSvg, type Figure } from '../../report/figure';

export async function rasteriseFigure(f: Figure, scale = 2): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([figureSvg(f)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(f.width * scale);
    canvas.height = Math.round(f.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('canvas.toBlob failed');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
