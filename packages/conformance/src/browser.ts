import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

/**
 * Real-browser tests: Debian's chromium (scripts/setup.sh installs it) driven by
 * playwright-core, never a downloaded browser. WebGPU needs `--enable-unsafe-webgpu` and
 * a secure context, so pages are served from http://localhost (about:blank has no
 * adapter). See packages/webgpu/docs/WEBGPU-ON-CPU.md.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const CHROMIUM_PATH = process.env.AUG_CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Chromium with WebGPU enabled. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234/ (a secure context, like localhost) */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves a folder on http://localhost at a free port (a built page, a test bundle). */
export async function serveDirectory(root: string): Promise<StaticServer> {
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(normalize(root))) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        // Lets pages use SharedArrayBuffer (multi-threaded wasm) if they want it.
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface BuiltPage {
  readonly browser: Browser;
  readonly page: Page;
  /** The served page's address. */
  readonly url: string;
  /** Uncaught errors the page has thrown so far. */
  readonly pageErrors: string[];
  /** Closes the browser and the server and removes the build. */
  close(): Promise<void>;
}

/**
 * A page built fresh for a test: `build(outDir)` writes it into a new temporary folder
 * (so a test never runs stale output), which is served on 127.0.0.1 and opened in
 * headless Chromium. Everything is cleaned up by `close()`, or at once if a step fails.
 */
export async function openBuiltPage(
  build: (outDir: string) => Promise<void>,
  pageOptions?: BrowserContextOptions,
): Promise<BuiltPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'aug-page-'));
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
  };
  try {
    await build(outDir);
    server = await serveDirectory(outDir);
    browser = await launchChromium();
    const page = await browser.newPage(pageOptions);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { browser, page, url: server.url, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}
