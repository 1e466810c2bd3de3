// `tsc --noEmit` over what a Vue and a React user write (types/probe-*.ts) against the built
// adapters' .d.ts, with the real vue and @types/react typings: right uses compile, wrong ones
// (numeric status, a string `immediate`, an unknown option) are caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, assertBuilt } from './lib.mjs';

test('the adapters type-check as users call them', async () => {
  assertBuilt();
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '--noEmit', '-p', path.join(repoRoot, 'tests/node/adapters/types/tsconfig.json')], { cwd: repoRoot });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});
