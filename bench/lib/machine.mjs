// Describes the machine a run happened on: what RESULTS.md must state for figures to mean anything.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};

/** One-minute load average as a string, e.g. "1.23 0.98 0.75". */
export const loadAvg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

/** @param {string} chromiumVersion  from CDP Browser.getVersion */
export function describeMachine(chromiumVersion) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown';
  return {
    date: new Date().toISOString(),
    nproc: Number(sh('nproc', [])) || os.cpus().length,
    cpuModel: model,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    os: sh('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"']) || os.type(),
    kernel: os.release(),
    chromium: chromiumVersion,
    node: process.version,
    rustc: sh('rustc', ['--version']),
    wasmBindgen: sh('wasm-bindgen', ['--version']),
    wasmOpt: sh('wasm-opt', ['--version']),
    gitCommit: sh('git', ['rev-parse', '--short', 'HEAD']),
    // Other sessions commit as they go: say whether the measured sources differed from HEAD.
    srcDirty: sh('git', ['status', '--porcelain', '--', 'src', 'Cargo.toml', 'pkg-template']) !== '',
  };
}
