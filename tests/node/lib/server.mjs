// Starts (or reuses) the project's real WebSocket server for Node-side tests.
// scripts/test.sh starts one server for the whole run and exports HEARTSOCKET_SERVER=host:port;
// a test file run on its own spawns a private one instead, stopped by PID when done.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** @returns {Promise<{host: string, http: string, ws: string, stop: () => Promise<void>}>} */
export async function startServer() {
  const shared = process.env.HEARTSOCKET_SERVER;
  if (shared) return describe(shared, async () => {});
  return spawnServer(repoRoot);
}

/**
 * A private server serving static files from `root` (the shared one serves the repository),
 * stopped by PID with the returned `stop()`.
 * @param {string} root
 */
export async function spawnServer(root) {
  // The most recently built binary: a stale release build must not shadow a fresh debug one.
  const bin = ['debug', 'release']
    .map((p) => path.join(repoRoot, 'target', p, 'heartsocket-server'))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!bin) throw new Error('heartsocket-server is not built: run `cargo build -p heartsocket-server`');
  const child = spawn(bin, ['--host', '127.0.0.1', '--port', '0', '--root', root], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const host = await new Promise((resolve, reject) => {
    let buf = '';
    const onData = (chunk) => {
      buf += chunk;
      const m = /listening on http:\/\/([\d.]+:\d+)/.exec(buf);
      if (m) { child.stdout.off('data', onData); resolve(m[1]); }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`heartsocket-server exited with ${code}`)));
  });
  child.stdout.resume();
  return describe(host, () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  }));
}

function describe(host, stop) {
  return { host, http: `http://${host}`, ws: `ws://${host}/ws`, stop };
}

/** Calls the fault-control API: `control(server, 'drop', {client: 'a'})` → parsed JSON. */
export async function control(server, name, args = {}) {
  const q = new URLSearchParams(Object.entries(args).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${server.http}/control/${name}?${q}`, { method: 'POST' });
  if (!res.ok) throw new Error(`/control/${name} answered ${res.status}`);
  return res.json();
}
