import { defineConfig } from 'vite';

// One self-contained file (core and this package inlined; only Dawn's `webgpu` and Node
// built-ins outside), so the benchmark can be carried to a machine without pnpm.
export default defineConfig({
  resolve: { conditions: ['@aug/source'] },
  ssr: {
    resolve: { conditions: ['@aug/source'], externalConditions: ['@aug/source'] },
    noExternal: true,
    external: ['webgpu'],
  },
  build: {
    ssr: 'bench/bench.ts',
    outDir: 'bench-dist',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'bench.mjs' } },
  },
});
