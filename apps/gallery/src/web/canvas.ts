import type { Image } from '../image.js';

/** Draws an 8-bit RGB or gray image onto a canvas of its size, pixel for pixel. */
export function drawImage(canvas: HTMLCanvasElement, image: Image): void {
  const [height, width] = image.shape;
  const channels = image.shape.length === 3 ? 3 : 1;
  canvas.width = width;
  canvas.height = height;
  const rgba = new ImageData(width, height);
  for (let p = 0; p < width * height; p++) {
    const from = p * channels;
    rgba.data[p * 4] = image.data[from]!;
    // Gray images repeat their one channel, so R = G = B on the canvas.
    rgba.data[p * 4 + 1] = image.data[from + (channels === 3 ? 1 : 0)]!;
    rgba.data[p * 4 + 2] = image.data[from + (channels === 3 ? 2 : 0)]!;
    rgba.data[p * 4 + 3] = 255;
  }
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas context');
  context.putImageData(rgba, 0, 0);
}
