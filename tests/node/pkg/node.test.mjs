// The packed npm package, installed into an empty folder, used the way a Node user would:
// its files and `exports` map, an echo through the real server with the `ws` package injected
// as the WebSocket constructor, and its TypeScript types under strict settings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { startServer, control, repoRoot } from '../lib/server.mjs';
import { packAndInstall, runNode } from './install.mjs';

let inst;
let server;
before(async () => {
  inst = await packAndInstall();
  server = await startServer();
});
after(async () => {
  inst?.remove();
  await server?.stop();
});

test('the tarball holds both builds and the npm README, and nothing git-only', () => {
  for (const f of ['package.json', 'README.md', 'heartsocket.js', 'heartsocket_bg.wasm', 'heartsocket.d.ts',
    'bundler/heartsocket.js', 'bundler/heartsocket_bg.wasm', 'bundler/heartsocket.d.ts']) {
    assert.ok(inst.packed.includes(f), `${f} missing from the tarball: ${inst.packed.join(' ')}`);
  }
  assert.ok(!inst.packed.some((f) => f.endsWith('.gitignore')), 'a .gitignore was packed');
  assert.ok(!inst.packed.includes('bundler/package.json'), 'bundler/ must not be a package of its own');
  const readme = readFileSync(path.join(inst.installed, 'README.md'), 'utf8');
  assert.equal(readme, readFileSync(path.join(repoRoot, 'pkg-template', 'README.md'), 'utf8'));
});

test('every target of package.json exports, main, types and miniprogram exists once installed', () => {
  const pkg = JSON.parse(readFileSync(path.join(inst.installed, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'heartsocket');
  assert.equal(pkg.type, 'module');
  const targets = [pkg.main, pkg.types];
  for (const t of Object.values(pkg.exports)) targets.push(...(typeof t === 'string' ? [t] : Object.values(t)));
  for (const t of targets) assert.ok(existsSync(path.join(inst.installed, t)), `${t} is named but not installed`);
  assert.deepEqual(Object.keys(pkg.exports['.']), ['types', 'default'], 'types must come first in exports["."]');
  const require = createRequire(path.join(inst.project, 'package.json'));
  assert.equal(require.resolve('heartsocket/heartsocket_bg.wasm'), path.join(inst.installed, 'heartsocket_bg.wasm'));
});

test('the mini-program entry resolves and WeChat\'s "miniprogram" field names its folder', (t) => {
  if (!existsSync(path.join(repoRoot, 'scripts', 'build-miniprogram.mjs'))) {
    t.skip('scripts/build-miniprogram.mjs does not exist yet');
    return;
  }
  const pkg = JSON.parse(readFileSync(path.join(inst.installed, 'package.json'), 'utf8'));
  assert.equal(pkg.miniprogram, 'miniprogram');
  const require = createRequire(path.join(inst.project, 'package.json'));
  const entry = require.resolve('heartsocket/miniprogram');
  assert.equal(path.dirname(entry), path.join(inst.installed, 'miniprogram'));
  assert.ok(existsSync(path.join(inst.installed, 'miniprogram', 'index.js')),
    'WeChat "build npm" loads miniprogram/index.js');
});

test('Node with the ws package injected: queued and open-time sends echo once, in order', async () => {
  const client = `pkg-node-${process.pid}-${Date.now()}`;
  const probe = path.join(inst.project, 'probe-node.mjs');
  writeFileSync(probe, NODE_PROBE);
  const out = await runNode(probe, inst.project, {
    WS_MODULE: pathToFileURL(path.join(repoRoot, 'node_modules', 'ws', 'wrapper.mjs')).href,
    WS_URL: `${server.ws}?client=${client}`,
  }, 20_000);
  const r = JSON.parse(out.trim().split('\n').pop());
  assert.equal(r.constants, '0 1 2 3');
  // The on* properties and the constants are JS accessors on the class (src/api/class.js).
  assert.equal(r.instanceConstants, '0 1 2 3');
  assert.equal(r.constantWrite, 'TypeError', 'the constants are read-only');
  assert.deepEqual(r.accessors, { onopen: true, CLOSED: true, ownOnopen: false });
  assert.equal(r.onopenKept, true, 'onopen reads back the function set');
  assert.equal(r.onmessageCleared, true, 'onmessage = 42 clears it, as on a WebSocket');
  assert.deepEqual(r.onmessageData, ['first', 'second'], 'onmessage saw every message');
  assert.equal(r.onopenCalls, 1, 'onopen called once');
  assert.equal(r.before, 3, 'readyState before connect() is CLOSED');
  assert.equal(r.queued, false, 'send() before open queues and returns false');
  assert.deepEqual(r.messages, ['first', 'second']);
  assert.deepEqual(r.events.filter((e) => e !== 'heartbeat'), ['open', 'close']);
  assert.equal(r.close.code, 1000);
  assert.equal(r.close.willReconnect, false);
  assert.equal(r.close.readyState, 3);
  const { messages } = await control(server, 'received', { client });
  assert.deepEqual(messages, ['first', 'second'], 'the server got each message exactly once');
});

test('the installed .d.ts type-checks a user file under strict TypeScript', async () => {
  const file = path.join(inst.project, 'check.ts');
  writeFileSync(file, TS_PROBE);
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', file];
  try {
    await promisify(execFile)(process.execPath, args, { cwd: inst.project });
  } catch (e) {
    assert.fail(`tsc rejected the package types:\n${e.stdout}${e.stderr}`);
  }
});

// Runs inside the install folder, so 'heartsocket' resolves through its package.json exports.
const NODE_PROBE = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import init, { WebSocketClass } from 'heartsocket';

const { default: WebSocket } = await import(process.env.WS_MODULE);
const require = createRequire(import.meta.url);
await init({ module_or_path: readFileSync(require.resolve('heartsocket/heartsocket_bg.wasm')) });

const r = { messages: [], events: [] };
r.constants = [WebSocketClass.CONNECTING, WebSocketClass.OPEN, WebSocketClass.CLOSING, WebSocketClass.CLOSED].join(' ');
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no echo within 10 s: ' + JSON.stringify(r))), 10000);
  const ws = new WebSocketClass(process.env.WS_URL, (data) => {
    r.messages.push(data);
    if (r.messages.length === 2) ws.close(1000, 'done');
  }, { WebSocket });
  for (const type of ['open', 'error', 'reconnecting', 'heartbeat', 'drop']) {
    ws.addEventListener(type, () => r.events.push(type));
  }
  ws.addEventListener('close', (e) => {
    r.events.push('close');
    r.close = { code: e.code, wasClean: e.wasClean, willReconnect: e.willReconnect, readyState: ws.readyState };
    clearTimeout(timer);
    resolve();
  });
  ws.addEventListener('open', () => ws.send('second'));
  r.instanceConstants = [ws.CONNECTING, ws.OPEN, ws.CLOSING, ws.CLOSED].join(' ');
  try { WebSocketClass.OPEN = 9; } catch (e) { r.constantWrite = e.name; }
  const proto = WebSocketClass.prototype;
  r.accessors = {
    onopen: typeof Object.getOwnPropertyDescriptor(proto, 'onopen').set === 'function',
    CLOSED: typeof Object.getOwnPropertyDescriptor(WebSocketClass, 'CLOSED').get === 'function',
    ownOnopen: Object.prototype.hasOwnProperty.call(ws, 'onopen'),
  };
  r.onopenCalls = 0;
  const onopen = () => { r.onopenCalls += 1; };
  ws.onopen = onopen;
  r.onopenKept = ws.onopen === onopen;
  ws.onmessage = () => r.events.push('never');
  ws.onmessage = 42;
  r.onmessageCleared = ws.onmessage === null;
  r.onmessageData = [];
  ws.onmessage = (e) => r.onmessageData.push(e.data);
  r.before = ws.readyState;
  ws.connect();
  r.queued = ws.send('first');
});
// No process.exit: the process must end by itself, with no timer or socket left behind.
console.log(JSON.stringify(r));
`;

const TS_PROBE = `
import init, { WebSocketClass } from 'heartsocket';
import { WebSocketClass as BundlerClass } from 'heartsocket/bundler';

await init();
const ws = new WebSocketClass('ws://127.0.0.1:1/ws', (data: unknown) => { void data; }, {
  heartbeat: { interval: 5000, timeout: 3000 },
});
ws.connect();
const handed: boolean = ws.send('hello');
const state: number = ws.readyState;
// @ts-expect-error readyState is a number, as in the W3C WebSocket
const wrong: string = ws.readyState;
ws.onopen = (e) => { const attempt: number = e.attempt; void attempt; };
ws.onclose = null;
const constants: number = WebSocketClass.CONNECTING + ws.CLOSED + BundlerClass.OPEN;
// @ts-expect-error the state constants are read-only
WebSocketClass.OPEN = 2;
ws.close(1000, 'bye');
const other: typeof BundlerClass = BundlerClass;
void handed; void state; void wrong; void other; void constants;
`;
