import {
  type ImageBatch,
  type ImageData,
  imageBatchInfo,
  type SameKind,
  stridesOf,
} from '../batch.js';
import { InputError, ParameterError } from '../errors.js';
import { RESIZE_METHODS, type ResizeMethod, resizeTaps } from '../sampling/resample.js';
import { resampleRect } from './resample.js';
import { newPixels, type Pixels } from './spans.js';

/**
 * Resizes every image of a batch to height x width on the host, with the same resize
 * methods as Cut-Thumbnail (half-pixel centres, no antialiasing except 'area', which
 * averages). For preparing data in Node; returns a new batch of the same dtype and layout.
 */
export function resizeImages<D extends ImageData>(
  images: ImageBatch<D>,
  height: number,
  width: number,
  method: ResizeMethod = 'bilinear',
): ImageBatch<SameKind<D, ImageData>> {
  const info = imageBatchInfo(images);
  if (!Number.isSafeInteger(height) || height < 1 || !Number.isSafeInteger(width) || width < 1) {
    throw new InputError(
      `resizeImages: height and width must be integers >= 1; received ${height} x ${width}`,
    );
  }
  if (!RESIZE_METHODS.includes(method)) {
    throw new ParameterError(
      'resizeImages',
      'method',
      `one of ${RESIZE_METHODS.join(', ')}`,
      method,
    );
  }
  const rows = resizeTaps(info.height, height, method);
  const cols = resizeTaps(info.width, width, method);
  const shape =
    info.rank === 3
      ? [info.batch, height, width]
      : info.layout === 'NHWC'
        ? [info.batch, height, width, info.channels]
        : [info.batch, info.channels, height, width];
  const outInfo = { ...info, height, width };
  const src = images.data as Pixels;
  const out = newPixels(src, info.batch * height * width * info.channels);
  const s = stridesOf(info);
  const o = stridesOf(outInfo);
  for (let b = 0; b < info.batch; b++) {
    resampleRect(src, out, {
      from: b * s.image,
      s,
      outAt: b * o.image,
      o,
      y0: 0,
      y1: height,
      oy: 0,
      sx0: 0,
      n: width,
      rows,
      cols,
      C: info.channels,
      integer: info.dtype === 'uint8',
      sourceRows: info.height,
    });
  }
  return { data: out as SameKind<D, ImageData>, shape, layout: info.layout };
}
