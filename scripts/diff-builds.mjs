// Differential run of two built packages: every case of tests/node/errors/corpus.mjs (each option
// × ~100 values, typos, URLs, every method's arguments) against both; prints the cases whose
// outcome (result summary, or error type and message) differs, and exits 1 if any does.
//
// Usage: node scripts/diff-builds.mjs DIR_A DIR_B      (two `pkg/` dirs, web flavour)
//        node scripts/diff-builds.mjs --write DIR FILE  (record DIR's lines, e.g. the golden file)
import { writeFileSync } from 'node:fs';
import { run } from '../tests/node/errors/corpus.mjs';
import { loadPkg } from '../tests/node/errors/load.mjs';

const args = process.argv.slice(2);
if (args[0] === '--write') {
  const lines = run(await loadPkg(args[1]));
  writeFileSync(args[2], lines.join('\n') + '\n');
  console.log(`${lines.length} cases written to ${args[2]}`);
  process.exit(0);
}
if (args.length !== 2) {
  console.error('usage: node scripts/diff-builds.mjs DIR_A DIR_B | --write DIR FILE');
  process.exit(2);
}
const a = run(await loadPkg(args[0]));
const b = run(await loadPkg(args[1]));
let diffs = 0;
for (let i = 0; i < Math.max(a.length, b.length); i++) {
  if (a[i] !== b[i]) {
    diffs++;
    if (diffs <= 40) console.log(`- ${a[i]}\n+ ${b[i]}`);
  }
}
const errors = a.filter((l) => l.includes(' => throw ')).length;
console.log(`${a.length} cases (${errors} throw), ${diffs} differ`);
process.exit(diffs ? 1 : 0);
