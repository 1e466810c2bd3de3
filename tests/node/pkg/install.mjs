// Helpers for the package-install tests: pack pkg/ the way `npm publish` would, install the
// tarball into an empty folder, and run code there, so the tests see exactly what a user gets.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, spawnServer } from '../lib/server.mjs';

const run = promisify(execFile);
export const pkgDir = path.join(repoRoot, 'pkg');

/**
 * `npm pack` of pkg/ installed into a fresh temp folder.
 * The project lives in `<dir>/www/` so that a server started with `--root <dir>` serves it
 * under `/www/` (the only static prefixes the server maps).
 * @returns {Promise<{dir: string, project: string, installed: string, packed: string[], remove: () => void}>}
 */
export async function packAndInstall() {
  if (!existsSync(path.join(pkgDir, 'package.json')) || !existsSync(path.join(pkgDir, 'heartsocket.js'))) {
    throw new Error('pkg/ is not built: run `bash scripts/build.sh --dev` first');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heartsocket-pkg-'));
  const project = path.join(dir, 'www');
  mkdirSync(project);
  const { stdout } = await run('npm', ['pack', pkgDir, '--json', '--pack-destination', dir], { cwd: dir });
  const [info] = JSON.parse(stdout);
  writeFileSync(path.join(project, 'package.json'),
    JSON.stringify({ name: 'heartsocket-install-probe', private: true, type: 'module' }, null, 2));
  // The package has no dependencies, so the install needs no registry.
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock',
    path.join(dir, info.filename)], { cwd: project });
  return {
    dir,
    project,
    installed: path.join(project, 'node_modules', 'heartsocket'),
    packed: info.files.map((f) => f.path),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs `node <file>` in `cwd`; resolves with stdout once it exits, rejects on a non-zero exit
 * or when it has not exited after `ms` (a timer or socket kept alive past `close()`).
 * @param {string} file @param {string} cwd @param {Record<string,string>} env @param {number} ms
 */
export function runNode(file, cwd, env, ms) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${file} still running after ${ms} ms\nstdout: ${out}\nstderr: ${err}`));
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`node ${file} exited with ${code}\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

/**
 * A private heartsocket-server serving `root` (the shared one serves the repository).
 * @param {string} root
 */
export const startServerAt = (root) => spawnServer(root);
