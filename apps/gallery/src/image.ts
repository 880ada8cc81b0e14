/** One 8-bit image, row-major: `[H, W, 3]` RGB or `[H, W]` gray. */
export interface Image {
  readonly data: Uint8Array;
  readonly shape: readonly [number, number, 3] | readonly [number, number];
}

/** An 8-bit RGB image `[H, W, 3]`, as every fixture is decoded (by pngjs or a browser). */
export interface RgbImage extends Image {
  readonly shape: readonly [number, number, 3];
}
