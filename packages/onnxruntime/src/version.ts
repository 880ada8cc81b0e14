/**
 * This package's version, written into exported models (`producer_version`). Kept equal
 * to package.json's by `pnpm version-packages` (scripts/sync-versions.mjs); a test checks.
 */
export const VERSION = '0.0.0';
