import { fileURLToPath } from 'node:url';
import { type RgbBatch, resizeSquare, stackImages } from './batch.js';
import { readPng } from './png.js';

/** The sample photographs shipped in apps/gallery/fixtures (see SOURCES.md there). */
export const FIXTURE_NAMES = [
  'astronaut',
  'chelsea',
  'coffee',
  'rocket',
  'flower',
  'china',
] as const;

// src/ and dist/ both sit one level below the package, so this holds for tests and the CLI.
const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixturePath(name: string): string {
  return `${FIXTURES_DIR}${name}.png`;
}

/** The first `count` fixture names, starting over after the last one. */
export function fixtureNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => FIXTURE_NAMES[i % FIXTURE_NAMES.length]!);
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
