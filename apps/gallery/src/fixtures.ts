import { fileURLToPath } from 'node:url';
import { type RgbBatch, resizeSquare, stackImages } from './batch.js';
import { fixtureNames } from './fixture-names.js';
import { readPng } from './png.js';

export { FIXTURE_NAMES, fixtureNames } from './fixture-names.js';

// src/ and dist/ both sit one level below the package, so this holds for tests and the CLI.
const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixturePath(name: string): string {
  return `${FIXTURES_DIR}${name}.png`;
}

/** `count` fixtures resized to size x size, as one RGB batch, with their names. */
export function loadFixtures(count: number, size: number): { names: string[]; batch: RgbBatch } {
  const names = fixtureNames(count);
  // Each file is decoded and resized once even when the batch repeats it.
  const resized = new Map(
    [...new Set(names)].map((name) => [name, resizeSquare(readPng(fixturePath(name)), size)]),
  );
  return { names, batch: stackImages(names.map((name) => resized.get(name)!)) };
}
