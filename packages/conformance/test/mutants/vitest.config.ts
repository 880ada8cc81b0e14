import { defineConfig } from 'vitest/config';

// Runs only the mutants (mutants.test.ts starts it); they never join the package's run.
export default defineConfig({
  resolve: { conditions: ['@aug/source'] },
  ssr: { resolve: { conditions: ['@aug/source'] } },
  // Seven whole runs of the suite share the machine (CI's other jobs too): the large
  // images' tests may take many times vitest's default 5 s.
  test: { include: ['mutants.ts'], root: import.meta.dirname, testTimeout: 120_000 },
});
