// Reads `cargo test --no-run --message-format=json` from stdin and prints one line per test
// binary it built: "<test name> <path to .wasm>". scripts/test.sh builds the browser tests once
// this way and hands the same binaries to every engine.
import { createInterface } from 'node:readline';

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.startsWith('{')) continue;
  const m = JSON.parse(line);
  if (m.reason === 'compiler-artifact' && m.profile?.test && m.executable && m.target?.kind?.includes('test')) {
    console.log(`${m.target.name} ${m.executable}`);
  }
}
