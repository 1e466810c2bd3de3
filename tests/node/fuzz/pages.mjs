// Serves the engine-neutral fuzzer (tests/fuzz/) and the built package (pkg/) to a browser: a
// private heartsocket-server whose root holds two links, www/fuzz -> tests/fuzz and pkg -> pkg/
// (or HEARTSOCKET_FUZZ_PKG)
// (the server only serves a few top-level folders). The page's sockets go to whichever server
// the test uses; both are on 127.0.0.1, which Chromium's local-network checks require.
import { mkdtempSync, mkdirSync, symlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, spawnServer } from '../lib/server.mjs';

/**
 * The package under test: pkg/ (the suite's debug build), or HEARTSOCKET_FUZZ_PKG (a release
 * build elsewhere: its glue has none of the debug build's argument checks).
 */
export const pkgDir = process.env.HEARTSOCKET_FUZZ_PKG ? path.resolve(process.env.HEARTSOCKET_FUZZ_PKG) : path.join(repoRoot, 'pkg');

/** @returns {Promise<{http: string, open: (browser: any) => Promise<{page: any, problems: string[]}>, stop: () => Promise<void>}>} */
export async function servePages() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hs-fuzz-'));
  mkdirSync(path.join(root, 'www'));
  symlinkSync(path.join(repoRoot, 'tests', 'fuzz'), path.join(root, 'www', 'fuzz'), 'dir');
  symlinkSync(pkgDir, path.join(root, 'pkg'), 'dir');
  const server = await spawnServer(root);
  return {
    http: server.http,
    /** A new page on the fuzzer's index.html, ready (`window.fuzz` defined); uncaught errors collected. */
    async open(browser) {
      const page = await browser.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      await page.goto(`${server.http}/www/fuzz/index.html`);
      await page.waitForFunction(() => window.fuzzReady === true, null, { timeout: 20_000 });
      return { page, problems };
    },
    async stop() {
      await server.stop();
      // Only the links and the folder: never what they point at.
      rmSync(path.join(root, 'www', 'fuzz'));
      rmSync(path.join(root, 'pkg'));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
