// secureOnly defaults (issue 7): on in mini-programs, off on the web. Through the built
// pkg/miniprogram/ loader on every simulated host (wx, Taro, uni, my): a ws:// URL is refused
// with a SyntaxError naming secureOnly (credentials and tokens redacted), wss:// is accepted,
// and a user can still opt out explicitly. The web build is checked in tests/web_faults_security.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createHost, HOST_NAMES } from '../miniprogram/sim/hosts.mjs';
import { builtDir } from '../miniprogram/helpers.mjs';

const require = createRequire(import.meta.url);

test('the mini-program loader turns secureOnly on for every host', async () => {
  assert.ok(existsSync(path.join(builtDir, 'glue.js')), 'pkg/miniprogram/ is not built: run bash scripts/build.sh --dev');
  const mp = require(path.join(builtDir, 'index.js'));
  for (const host of HOST_NAMES) {
    const { api, sim } = createHost(host, { packageRoot: builtDir });
    try {
      const { WebSocketClass } = await mp.load({ host, api, wasmPath: '/heartsocket_bg.wasm' });
      const url = 'ws://alice:hunter2@example.com/ws?token=SEKRET';
      assert.throws(() => new WebSocketClass(url), (e) => {
        assert.equal(e.name, 'SyntaxError', host);
        assert.match(e.message, /'secureOnly'/, host);
        assert.doesNotMatch(e.message, /hunter2|SEKRET|alice/, `${host}: the error leaks a secret`);
        return true;
      });
      assert.throws(() => new WebSocketClass(url, null, 'named'), SyntaxError, `${host}: a name keeps the default`);
      new WebSocketClass('wss://example.com/ws').free();
      new WebSocketClass('ws://example.com/ws', null, { secureOnly: false }).free();
    } finally {
      sim.dispose();
    }
  }
});
