import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { type Image, type RgbImage, rgbaToRgb } from './image.js';

// The image types live in image.ts, which the web page shares; png.ts is Node-only.
export type { Image, RgbImage } from './image.js';

// PNG colour types (PNG spec, IHDR).
const GRAY = 0;
const RGB = 2;

/**
 * Decodes a PNG of any colour type and bit depth into 8-bit RGB. pngjs always hands
 * back 8-bit RGBA (gray and palettes expanded, 16 bits scaled); alpha is dropped, not
 * composited, since the fixtures are opaque.
 */
export function decodePng(bytes: Uint8Array): RgbImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const { width, height, data: rgba } = png;
  return rgbaToRgb(rgba, width, height);
}

/** Encodes an RGB image as an RGB PNG and a gray one as a gray PNG (a third the size). */
export function encodePng(image: Image): Uint8Array {
  const [height, width] = image.shape;
  const channels = image.shape.length === 3 ? 3 : 1;
  if (image.shape.length === 3 && image.shape[2] !== 3) {
    throw new Error(
      `encodePng: expected [H, W, 3] or [H, W]; received [${image.shape.join(', ')}]`,
    );
  }
  if (image.data.length !== height * width * channels) {
    throw new Error(
      `encodePng: shape [${image.shape.join(', ')}] needs ${height * width * channels} bytes; data has ${image.data.length}`,
    );
  }
  const colorType = channels === 3 ? RGB : GRAY;
  const png = new PNG({ width, height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  // Same input colour type as output: pngjs writes the bytes as they are.
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: false });
}

export function readPng(path: string): RgbImage {
  return decodePng(readFileSync(path));
}

export function writePng(path: string, image: Image): void {
  writeFileSync(path, encodePng(image));
}
