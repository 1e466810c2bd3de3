// Every error type and message of the public surface, and what each call returns, pinned: the
// ~4,600 cases of corpus.mjs run against pkg/ must give exactly the lines of golden.txt, recorded
// from the release build before the options table (issue 14). A changed message is a change of
// the API: update golden.txt on purpose (node scripts/diff-builds.mjs --write pkg FILE) and say
// why in the commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './corpus.mjs';
import { loadPkg } from './load.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');

test('every case of the corpus gives the recorded outcome (error type and message, or result)', async () => {
  const got = run(await loadPkg(process.env.HEARTSOCKET_PKG_DIR || path.join(repo, 'pkg')));
  const want = readFileSync(path.join(here, 'golden.txt'), 'utf8').trimEnd().split('\n');
  assert.equal(got.length, want.length, 'the corpus changed size: record golden.txt again');
  const diffs = [];
  got.forEach((line, i) => {
    if (line !== want[i]) diffs.push(`- ${want[i]}\n+ ${line}`);
  });
  assert.deepEqual(diffs.slice(0, 20), [], `${diffs.length} of ${got.length} cases differ`);
  assert.ok(want.filter((l) => l.includes(' => throw ')).length > 3000, 'the corpus exercises the errors');
});
