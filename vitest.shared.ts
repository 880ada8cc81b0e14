import { basename } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The vitest config every package uses. Sources of workspace packages resolve through
 * the `@aug/source` export condition, so tests never need a build first. When
 * AUG_REPORT_DIR is set (as .ci/run does), each package also writes vitest's JSON report
 * there, and .ci/run adds them up into its closing `N passed, N failed` line.
 */
export function packageConfig(dir: string, testTimeout = 20_000) {
  const reportDir = process.env.AUG_REPORT_DIR;
  return defineConfig({
    resolve: { conditions: ['@aug/source'] },
    ssr: { resolve: { conditions: ['@aug/source'] } },
    test: {
      testTimeout,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      reporters: reportDir ? ['default', 'json'] : ['default'],
      outputFile: reportDir ? { json: `${reportDir}/${basename(dir)}.json` } : undefined,
    },
  });
}
