#!/usr/bin/env node
/**
 * Re-creates fixtures/ from the full Fashion-MNIST files: the first TRAIN_COUNT training
 * and TEST_COUNT test images with their labels, as gzipped IDX files of the same format.
 * A maintenance tool, not used by the examples: `node dist/make-fixture.js <full-data-dir>`.
 */
import { join } from 'node:path';
import { FASHION_MNIST_FILES, FIXTURE_DIR, loadFashionMnist } from './data.js';
import { writeIdxFile } from './idx.js';

const TRAIN_COUNT = 3000;
const TEST_COUNT = 1000;

const sourceDir = process.argv[2];
if (!sourceDir) {
  console.error(
    'usage: node dist/make-fixture.js <directory with the four Fashion-MNIST .gz files>',
  );
  process.exit(2);
}
const { train, test } = loadFashionMnist({
  dir: sourceDir,
  trainCount: TRAIN_COUNT,
  testCount: TEST_COUNT,
});
const files = FASHION_MNIST_FILES;
for (const [split, imagesFile, labelsFile] of [
  [train, files.trainImages, files.trainLabels],
  [test, files.testImages, files.testLabels],
] as const) {
  writeIdxFile(join(FIXTURE_DIR, imagesFile), [split.count, split.rows, split.cols], split.images);
  writeIdxFile(join(FIXTURE_DIR, labelsFile), [split.count], split.labels);
  console.log(
    `${imagesFile}, ${labelsFile}: ${split.count} images of ${split.rows} x ${split.cols}`,
  );
}
