import { describe, expect, it } from 'vitest';
import { decodePng, encodePng } from './png.js';

describe('png', () => {
  it('round-trips an RGB image', () => {
    const data = Uint8Array.from({ length: 2 * 3 * 3 }, (_, i) => (i * 37) % 256);
    const decoded = decodePng(encodePng({ data, shape: [2, 3, 3] }));
    expect(decoded.shape).toEqual([2, 3, 3]);
    expect(Array.from(decoded.data)).toEqual(Array.from(data));
  });

  it('writes a gray image as a gray PNG that reads back with equal channels', () => {
    const data = Uint8Array.from([0, 10, 200, 255, 7, 128]);
    const bytes = encodePng({ data, shape: [2, 3] });
    // IHDR colour type, byte 25 of the file: 0 is grayscale.
    expect(bytes[25]).toBe(0);
    const decoded = decodePng(bytes);
    expect(decoded.shape).toEqual([2, 3, 3]);
    expect(Array.from(decoded.data)).toEqual(Array.from(data).flatMap((v) => [v, v, v]));
  });

  it('refuses data that does not fit the shape', () => {
    expect(() => encodePng({ data: new Uint8Array(5), shape: [2, 3] })).toThrow(/needs 6 bytes/);
  });
});
