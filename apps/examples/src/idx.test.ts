import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx, IdxFormatError, parseIdx, readIdxFile, writeIdxFile } from './idx.js';

/** Temporary directories the tests made, removed at the end. */
const madeDirs: string[] = [];
const made = (dir: string) => (madeDirs.push(dir), dir);
afterAll(() => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** Two 2x3 images, written out byte by byte as the format describes them. */
const TWO_IMAGES = Uint8Array.from([
  ...[0x00, 0x00, 0x08, 0x03], // magic: unsigned bytes, 3 dimensions
  ...[0, 0, 0, 2], // count
  ...[0, 0, 0, 2], // rows
  ...[0, 0, 0, 3], // cols
  ...[1, 2, 3, 4, 5, 6],
  ...[7, 8, 9, 10, 11, 255],
]);

const tempDir = () => made(mkdtempSync(join(tmpdir(), 'aug-examples-idx-')));

describe('parseIdx', () => {
  it('reads the dimensions and the bytes', () => {
    const { dims, data } = parseIdx(TWO_IMAGES, 'two.idx');
    expect(dims).toEqual([2, 2, 3]);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255]);
  });

  it('is the inverse of encodeIdx', () => {
    expect(encodeIdx([2, 2, 3], TWO_IMAGES.subarray(16))).toEqual(TWO_IMAGES);
    const data = Uint8Array.from({ length: 24 }, (_, i) => i * 10);
    const parsed = parseIdx(encodeIdx([4, 6], data), 'x');
    expect(parsed.dims).toEqual([4, 6]);
    expect(Array.from(parsed.data)).toEqual(Array.from(data));
  });

  it('names the file and the problem: bad magic number', () => {
    const floatImages = TWO_IMAGES.with(2, 0x0d); // 0x0D: float32 elements
    expect(() => parseIdx(floatImages, 'images.idx')).toThrow(IdxFormatError);
    expect(() => parseIdx(floatImages, 'images.idx')).toThrow(
      'images.idx: bad magic number 0x00000d03: expected 0x000008NN',
    );
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(() => parseIdx(png, 'photo.png')).toThrow('photo.png: bad magic number 0x89504e47');
  });

  it('names the file and the problem: truncated header or data, trailing bytes', () => {
    expect(() => parseIdx(TWO_IMAGES.subarray(0, 3), 'a')).toThrow(
      'a: truncated: 3 bytes, too short for an IDX header',
    );
    expect(() => parseIdx(TWO_IMAGES.subarray(0, 10), 'b')).toThrow(
      'b: truncated: the header of 3 dimensions needs 16 bytes, found 10',
    );
    expect(() => parseIdx(TWO_IMAGES.subarray(0, 20), 'c')).toThrow(
      'c: truncated: dimensions 2 x 2 x 3 need 12 data bytes, found 4',
    );
    const longer = Uint8Array.from([...TWO_IMAGES, 0, 0]);
    expect(() => parseIdx(longer, 'd')).toThrow('d: 2 unexpected bytes after the 2 x 2 x 3 data');
  });
});

describe('readIdxFile', () => {
  it('reads gzipped and plain files alike', () => {
    const dir = tempDir();
    writeIdxFile(join(dir, 'two.gz'), [2, 2, 3], TWO_IMAGES.subarray(16));
    writeFileSync(join(dir, 'two.idx'), TWO_IMAGES);
    for (const file of ['two.gz', 'two.idx']) {
      const { dims, data } = readIdxFile(join(dir, file));
      expect(dims).toEqual([2, 2, 3]);
      expect(data[11]).toBe(255);
    }
  });

  it('names the file when its gzip stream is cut short', () => {
    const path = join(tempDir(), 'cut.gz');
    const gzipped = gzipSync(TWO_IMAGES);
    writeFileSync(path, gzipped.subarray(0, gzipped.length - 12));
    expect(() => readIdxFile(path)).toThrow(`${path}: truncated or corrupt gzip data`);
  });
});
