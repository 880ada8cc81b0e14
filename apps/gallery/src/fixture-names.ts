/**
 * The sample photographs shipped in apps/gallery/fixtures (see SOURCES.md there). Kept
 * apart from fixtures.ts, which reads the files with Node, so the web page can share it.
 */
export const FIXTURE_NAMES = [
  'astronaut',
  'chelsea',
  'coffee',
  'rocket',
  'flower',
  'china',
] as const;

export type FixtureName = (typeof FIXTURE_NAMES)[number];

/** The first `count` fixture names, starting over after the last one. */
export function fixtureNames(count: number): FixtureName[] {
  return Array.from({ length: count }, (_, i) => FIXTURE_NAMES[i % FIXTURE_NAMES.length]!);
}
