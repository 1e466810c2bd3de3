// `tsc --noEmit` over the simulators (against miniprogram-api-typings and @tarojs/taro) and over
// the WeChat and Taro examples (against those typings and the built package's .d.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, builtDir } from './helpers.mjs';

const run = promisify(execFile);
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

async function typecheck(project) {
  try {
    await run(process.execPath, [tsc, '--noEmit', '-p', path.join(repoRoot, project)], { cwd: repoRoot });
  } catch (e) {
    assert.fail(`tsc -p ${project} failed:\n${e.stdout}${e.stderr}`);
  }
}

test('the simulators type-check against the hosts\' typings', () => typecheck('tests/node/miniprogram/tsconfig.json'));

test('the examples type-check (WeChat JS and Taro TSX)', async () => {
  assert.ok(existsSync(path.join(builtDir, 'index.d.ts')),
    'pkg/miniprogram/ is not built: run bash scripts/build.sh --dev (or node scripts/build-miniprogram.mjs)');
  await typecheck('examples/wechat/tsconfig.json');
  await typecheck('examples/taro/tsconfig.json');
});
