import { defineConfig } from 'vite';

// The harness as one self-contained file for the lent GPU machine (no pnpm, no network):
// core, the adapters and tfjs inlined; outside it only Dawn's `webgpu` (carried beside
// it) and the runtimes that machine does not get (their targets report unavailable).
export default defineConfig({
  resolve: { conditions: ['@aug/source'] },
  ssr: {
    resolve: { conditions: ['@aug/source'], externalConditions: ['@aug/source'] },
    noExternal: true,
    external: ['webgpu', 'onnxruntime-node', 'onnxruntime-web', '@tensorflow/tfjs-backend-wasm'],
  },
  build: {
    ssr: 'src/main.ts',
    outDir: 'bench-dist',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'tfjs-bench.mjs', codeSplitting: false } },
  },
});
