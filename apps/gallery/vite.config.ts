import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/** Where `vite build` writes the page; under dist/ so turbo's build outputs include it. */
export const PAGE_OUT_DIR = fileURLToPath(new URL('./dist/web/', import.meta.url));

/**
 * Fails the build when the page pulls in a Node module: the CLI's pngjs and fs code
 * shares a folder with the page's, and vite would otherwise stub it with a warning.
 */
function browserOnly(): Plugin {
  return {
    name: 'aug-gallery-browser-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source.startsWith('node:') || source === 'pngjs') {
        this.error(`${source} is Node-only; imported by ${importer ?? 'the page'}`);
      }
      return null;
    },
  };
}

// COOP/COEP make the page cross-origin isolated, so wasm backends may use threads.
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('./src/web/', import.meta.url)),
  // Relative URLs: the built page works from any folder a static server puts it in.
  base: './',
  plugins: [browserOnly()],
  resolve: {
    // Workspace packages from their sources, as the tests do: no stale dist/ in the page.
    conditions: ['@aug/source', ...defaultClientConditions],
    // One tfjs engine for the page, its backends and @aug/tfjs.
    dedupe: ['@tensorflow/tfjs-core'],
  },
  build: {
    outDir: PAGE_OUT_DIR,
    emptyOutDir: true,
    // tfjs and onnxruntime are large by nature; they load on demand, per backend.
    chunkSizeWarningLimit: 4096,
  },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
});
