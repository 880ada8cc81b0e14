import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_FILES, loadFashionMnist, NUM_CLASSES, readLabels } from './data.js';
import { writeIdxFile } from './idx.js';

/** Temporary directories the tests made, removed at the end. */
const madeDirs: string[] = [];
const made = (dir: string) => (madeDirs.push(dir), dir);
afterAll(() => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** A directory of the four files holding tiny made-up splits, as --data would name. */
function fakeDataDir(options: { trainLabels?: number[] } = {}): string {
  const dir = made(mkdtempSync(join(tmpdir(), 'aug-examples-data-')));
  const { trainLabels = [0, 1, 2, 9] } = options;
  const files = FASHION_MNIST_FILES;
  const pixels = (count: number) => Uint8Array.from({ length: count * 2 * 3 }, (_, i) => i % 256);
  writeIdxFile(join(dir, files.trainImages), [4, 2, 3], pixels(4));
  writeIdxFile(join(dir, files.trainLabels), [trainLabels.length], Uint8Array.from(trainLabels));
  writeIdxFile(join(dir, files.testImages), [2, 2, 3], pixels(2));
  writeIdxFile(join(dir, files.testLabels), [2], Uint8Array.from([3, 4]));
  return dir;
}

describe('loadFashionMnist', () => {
  it('loads the committed subset: 3,000 training and 1,000 test images of 28 x 28', () => {
    const { train, test } = loadFashionMnist();
    for (const [split, count] of [
      [train, 3000],
      [test, 1000],
    ] as const) {
      expect(split).toMatchObject({ count, rows: 28, cols: 28 });
      expect(split.images.length).toBe(count * 28 * 28);
      expect(split.labels.length).toBe(count);
      // Every class occurs, and nothing outside 0..9 (readLabels would have thrown).
      expect(new Set(split.labels).size).toBe(NUM_CLASSES);
      // Real photos, not zeros: most Fashion-MNIST images use the whole byte range.
      expect(Math.max(...split.images.subarray(0, 784))).toBe(255);
    }
    // Fashion-MNIST's first training image is an ankle boot (9), its first test image too.
    expect([train.labels[0], test.labels[0]]).toEqual([9, 9]);
  });

  it('takes the first trainCount / testCount images', () => {
    const { train, test } = loadFashionMnist({ trainCount: 10, testCount: 5 });
    expect([train.count, train.images.length, train.labels.length]).toEqual([10, 7840, 10]);
    expect([test.count, test.images.length, test.labels.length]).toEqual([5, 3920, 5]);
  });

  it('reads another directory with the same four file names', () => {
    const { train, test } = loadFashionMnist({ dir: fakeDataDir() });
    expect(train).toMatchObject({ count: 4, rows: 2, cols: 3 });
    expect(Array.from(train.labels)).toEqual([0, 1, 2, 9]);
    expect(Array.from(test.labels)).toEqual([3, 4]);
  });

  it('says what is wrong: too few images, mismatched labels, bad label, missing file', () => {
    const dir = fakeDataDir();
    expect(() => loadFashionMnist({ dir, trainCount: 5 })).toThrow(
      `asked for 5 training images, but ${join(dir, FASHION_MNIST_FILES.trainImages)} holds only 4`,
    );
    expect(() => loadFashionMnist({ dir: fakeDataDir({ trainLabels: [0, 1, 2] }) })).toThrow(
      'train-labels-idx1-ubyte.gz: 3 labels for 4 images in train-images-idx3-ubyte.gz',
    );
    const badLabels = fakeDataDir({ trainLabels: [0, 1, 12, 3] });
    expect(() => readLabels(join(badLabels, FASHION_MNIST_FILES.trainLabels))).toThrow(
      'train-labels-idx1-ubyte.gz: label 2 is 12; Fashion-MNIST ids are 0..9',
    );
    // A wrong directory, or one file short: named, with what it must hold.
    const files = Object.values(FASHION_MNIST_FILES).join(', ');
    expect(() => loadFashionMnist({ dir: join(dir, 'nowhere') })).toThrow(
      `data directory ${join(dir, 'nowhere')}: none of the four Fashion-MNIST files is there; it must hold ${files}`,
    );
    const short = fakeDataDir();
    rmSync(join(short, FASHION_MNIST_FILES.testLabels));
    expect(() => loadFashionMnist({ dir: short })).toThrow(
      `data directory ${short}: missing t10k-labels-idx1-ubyte.gz; it must hold ${files}`,
    );
  });
});
