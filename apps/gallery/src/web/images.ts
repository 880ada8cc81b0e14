import { type RgbBatch, resizeSquare, stackImages } from '../batch.js';
import { type FixtureName, fixtureNames } from '../fixture-names.js';
import { type RgbImage, rgbaToRgb } from '../image.js';

// Vite copies each fixture into the build and hands back its URL.
const FIXTURE_URLS = import.meta.glob<string>('../../fixtures/*.png', {
  query: '?url',
  import: 'default',
  eager: true,
});

function fixtureUrl(name: FixtureName): string {
  const url = FIXTURE_URLS[`../../fixtures/${name}.png`];
  if (!url) throw new Error(`fixture ${name}.png is missing from the build`);
  return url;
}

/**
 * Decodes a PNG into 8-bit RGB with the browser's decoder. No colour conversion: the
 * fixtures carry no colour profile, and the pixels must be the bytes pngjs reads in the
 * CLI, so the page and the PNG sheets start from the same originals.
 */
async function decode(url: string): Promise<RgbImage> {
  const blob = await (await fetch(url)).blob();
  const bitmap = await createImageBitmap(blob, {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
  });
  const { width, height } = bitmap;
  const context = new OffscreenCanvas(width, height).getContext('2d');
  if (!context) throw new Error('no 2D canvas context');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  return rgbaToRgb(rgba, width, height);
}

const decoded = new Map<FixtureName, Promise<RgbImage>>();
const resized = new Map<string, Promise<RgbImage>>();

/** The value cached under `key`, made by `make` on first use. */
function cached<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key)!;
}

/** A fixture at size x size; each file is fetched, decoded and resized once per size. */
function fixtureAt(name: FixtureName, size: number): Promise<RgbImage> {
  return cached(resized, `${name}@${size}`, () =>
    cached(decoded, name, () => decode(fixtureUrl(name))).then((rgb) => resizeSquare(rgb, size)),
  );
}

/** `count` fixtures at size x size as one RGB batch: the same batch the CLI builds. */
export async function loadBatch(
  count: number,
  size: number,
): Promise<{ names: string[]; batch: RgbBatch }> {
  const names = fixtureNames(count);
  const images = await Promise.all(names.map((name) => fixtureAt(name, size)));
  return { names, batch: stackImages(images) };
}
