import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IdxFormatError, readIdxFile } from './idx.js';

/** Fashion-MNIST has ten classes (T-shirt/top, trouser, ..., ankle boot), ids 0..9. */
export const NUM_CLASSES = 10;

/** The four file names, as Zalando Research publishes them. */
export const FASHION_MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/**
 * The committed subset (the first 3,000 training and 1,000 test images). Resolved from
 * this module, so that it is found from src/ (tests) and dist/ (the built examples) alike.
 */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Grayscale images, one byte a pixel, row-major: image i is bytes [i * rows * cols, ...). */
export interface ImageSet {
  readonly images: Uint8Array;
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
}

/** Images with their class ids (one byte each, 0..NUM_CLASSES - 1). */
export interface LabeledImages extends ImageSet {
  readonly labels: Uint8Array;
}

/** Reads an IDX file of images [count, rows, cols]; at most `limit` of them. */
export function readImages(path: string, limit = Number.POSITIVE_INFINITY): ImageSet {
  const { dims, data } = readIdxFile(path);
  if (dims.length !== 3) {
    throw new IdxFormatError(
      `${path}: expected images [count, rows, cols], found ${dims.length} dimensions`,
    );
  }
  const [available, rows, cols] = dims as [number, number, number];
  const count = Math.min(available, limit);
  return { images: data.subarray(0, count * rows * cols), count, rows, cols };
}

/** Reads an IDX file of class ids [count]; at most `limit` of them. */
export function readLabels(path: string, limit = Number.POSITIVE_INFINITY): Uint8Array {
  const { dims, data } = readIdxFile(path);
  if (dims.length !== 1) {
    throw new IdxFormatError(`${path}: expected labels [count], found ${dims.length} dimensions`);
  }
  const labels = data.subarray(0, Math.min(data.length, limit));
  const bad = labels.findIndex((label) => label >= NUM_CLASSES);
  if (bad >= 0) {
    throw new IdxFormatError(
      `${path}: label ${bad} is ${labels[bad]}; Fashion-MNIST ids are 0..${NUM_CLASSES - 1}`,
    );
  }
  return labels;
}

/** Reads one split (train or test): `count` images and their labels, or all when undefined. */
function readSplit(
  dir: string,
  imagesFile: string,
  labelsFile: string,
  count: number | undefined,
  what: string,
): LabeledImages {
  const imagesPath = join(dir, imagesFile);
  const images = readImages(imagesPath, count);
  const labels = readLabels(join(dir, labelsFile), count);
  if (count !== undefined && images.count < count) {
    throw new RangeError(
      `asked for ${count} ${what} images, but ${imagesPath} holds only ${images.count}`,
    );
  }
  if (labels.length !== images.count) {
    throw new IdxFormatError(
      `${join(dir, labelsFile)}: ${labels.length} labels for ${images.count} images in ${imagesFile}`,
    );
  }
  return { ...images, labels };
}

export interface LoadOptions {
  /** A directory holding the four files (e.g. the full data set). Default: the fixture. */
  readonly dir?: string | undefined;
  /** How many training images, from the start of the file. Default: all. */
  readonly trainCount?: number | undefined;
  /** How many test images, from the start of the file. Default: all. */
  readonly testCount?: number | undefined;
}

/** Loads Fashion-MNIST, by default the committed subset. */
export function loadFashionMnist(options: LoadOptions = {}): {
  train: LabeledImages;
  test: LabeledImages;
} {
  const { dir = FIXTURE_DIR, trainCount, testCount } = options;
  const files = FASHION_MNIST_FILES;
  // A wrong directory would otherwise surface as a bare ENOENT on the first file.
  const missing = Object.values(files).filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    throw new Error(
      `data directory ${dir}: ${missing.length === 4 ? 'none of the four Fashion-MNIST files is there' : `missing ${missing.join(', ')}`}; it must hold ${Object.values(files).join(', ')}`,
    );
  }
  return {
    train: readSplit(dir, files.trainImages, files.trainLabels, trainCount, 'training'),
    test: readSplit(dir, files.testImages, files.testLabels, testCount, 'test'),
  };
}
