import { defineConfig } from 'vitest/config';

// Runs only the mutants (mutants.test.ts starts it); they never join the package's run.
export default defineConfig({
  resolve: { conditions: ['@aug/source'] },
  ssr: { resolve: { conditions: ['@aug/source'] } },
  test: { include: ['mutants.ts'], root: import.meta.dirname },
});
