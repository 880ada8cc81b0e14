/** One 8-bit image, row-major: `[H, W, 3]` RGB or `[H, W]` gray. */
export interface Image {
  readonly data: Uint8Array;
  readonly shape: readonly [number, number, 3] | readonly [number, number];
}

/** An 8-bit RGB image `[H, W, 3]`, as every fixture is decoded (by pngjs or a browser). */
export interface RgbImage extends Image {
  readonly shape: readonly [number, number, 3];
}

/** Drops the alpha of 8-bit RGBA pixels (the fixtures are opaque: nothing to composite). */
export function rgbaToRgb(rgba: ArrayLike<number>, width: number, height: number): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgb[i] = rgba[j]!;
    rgb[i + 1] = rgba[j + 1]!;
    rgb[i + 2] = rgba[j + 2]!;
  }
  return { data: rgb, shape: [height, width, 3] };
}
