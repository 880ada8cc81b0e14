import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * The IDX format of (Fashion-)MNIST: a 4-byte magic number `00 00 TT NN` (TT the element
 * type, NN the number of dimensions), NN big-endian uint32 sizes, then the elements in
 * row-major order. Only unsigned bytes (TT = 0x08) are read: that is all MNIST uses.
 */
const UNSIGNED_BYTE = 0x08;
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** An IDX array of unsigned bytes: its sizes and its elements. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** A malformed IDX file; the message starts with the file's name. */
export class IdxFormatError extends Error {
  override name = 'IdxFormatError';
}

/** Parses an (already gunzipped) IDX buffer; `source` names it in error messages. */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  const fail = (what: string): never => {
    throw new IdxFormatError(`${source}: ${what}`);
  };
  if (bytes.length < 4) fail(`truncated: ${bytes.length} bytes, too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const rank = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UNSIGNED_BYTE || rank === 0) {
    fail(
      `bad magic number 0x${magic.toString(16).padStart(8, '0')}: expected 0x000008NN ` +
        '(unsigned bytes, NN >= 1 dimensions); is this an IDX file?',
    );
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    fail(
      `truncated: the header of ${rank} dimensions needs ${headerBytes} bytes, found ${bytes.length}`,
    );
  }
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dims.reduce((product, dim) => product * dim, 1);
  const found = bytes.length - headerBytes;
  if (found < size) {
    fail(`truncated: dimensions ${dims.join(' x ')} need ${size} data bytes, found ${found}`);
  }
  if (found > size) {
    fail(`${found - size} unexpected bytes after the ${dims.join(' x ')} data`);
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** The IDX bytes of an unsigned-byte array: the inverse of `parseIdx`. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((product, dim) => product * dim, 1);
  if (data.length !== size) {
    throw new RangeError(`encodeIdx: ${data.length} bytes for dimensions ${dims.join(' x ')}`);
  }
  const bytes = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(bytes.buffer);
  bytes[2] = UNSIGNED_BYTE;
  bytes[3] = dims.length;
  dims.forEach((dim, i) => {
    view.setUint32(4 + 4 * i, dim);
  });
  bytes.set(data, 4 + 4 * dims.length);
  return bytes;
}

/** Reads an IDX file, gunzipping it when it starts with the gzip magic bytes. */
export function readIdxFile(path: string): IdxArray {
  const raw = readFileSync(path);
  let bytes: Uint8Array = raw;
  if (raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzipSync(raw);
    } catch (error) {
      // zlib's "unexpected end of file" alone would not say which file.
      throw new IdxFormatError(
        `${path}: truncated or corrupt gzip data (zlib: ${(error as Error).message})`,
      );
    }
  }
  return parseIdx(bytes, path);
}

/** Writes an IDX file, gzipped (as the Fashion-MNIST files are). */
export function writeIdxFile(path: string, dims: readonly number[], data: Uint8Array): void {
  writeFileSync(path, gzipSync(encodeIdx(dims, data), { level: 9 }));
}
