// What the driver does without entering the wasm (src/api/allowance.js): sends the core allowed
// in advance and received messages it need not see one by one. Each test drives the built
// package (pkg/, as `bash scripts/build.sh` leaves it) over a scripted socket whose every call is
// recorded, and checks that messages sent within an allowance are numbered, confirmed, dropped
// and resent exactly as those the core handles one by one: none lost, none twice, in order.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/server.mjs';

let mod;
before(async () => {
  const dir = path.join(repoRoot, 'pkg');
  mod = await import(path.join(dir, 'heartsocket.js'));
  mod.initSync({ module: readFileSync(path.join(dir, 'heartsocket_bg.wasm')) });
});

/** A socket that opens when told, records what it is given, and runs `onSend` inside `send`. */
class Script {
  static all = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.wire = [];
    this.onSend = null;
    Script.all.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen({ type: 'open' });
  }
  send(data) {
    if (this.onSend !== null) this.onSend(data, this);
    this.wire.push(data);
  }
  close() {
    this.readyState = 2;
  }
  closed(code = 1006) {
    this.readyState = 3;
    this.onclose({ type: 'close', code, reason: '', wasClean: code !== 1006 });
  }
  message(data) {
    this.onmessage({ type: 'message', data });
  }
}

/** An instance over `Script` sockets, its first socket open; its drops and messages recorded. */
function open(options = {}) {
  Script.all = [];
  const ws = new mod.WebSocketClass('ws://script.invalid/', null, {
    WebSocket: Script, lifecycle: false, heartbeat: { interval: 60_000, timeout: 60_000 },
    reconnect: { minDelay: 1, maxDelay: 1, jitter: 0 }, ...options,
  });
  const drops = [];
  ws.addEventListener('drop', (e) => drops.push([e.data, e.reason]));
  ws.connect();
  Script.all[0].open();
  return { ws, drops, sock: Script.all[0] };
}

const range = (n, p = 'm') => Array.from({ length: n }, (_, i) => p + i);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('messages sent within an allowance are confirmed by the next pong like the others', () => {
  const { ws, sock } = open({ queue: { maxMessages: 100 } });
  for (const m of range(49)) assert.equal(ws.send(m), true);
  // The 50th (no other call in between: reading `stats` tells the core too): half the bound,
  // so a ping asks for confirmation, counting the 48 the core did not see go.
  ws.send('m49');
  assert.deepEqual(sock.wire, [...range(50), 'ping']);
  assert.deepEqual([ws.stats.sent, ws.stats.unconfirmed], [50, 50]);
  sock.message('pong');
  assert.deepEqual([ws.stats.confirmed, ws.stats.unconfirmed], [50, 0]);
  ws.free();
});

test('a link that dies with messages sent within an allowance reports each once, in order', () => {
  const { ws, drops, sock } = open();
  for (const m of range(300)) ws.send(m);
  sock.closed(1006);
  assert.deepEqual(drops, range(300).map((m) => [m, 'unconfirmed']));
  assert.deepEqual([ws.stats.sent, ws.stats.dropped, ws.stats.unconfirmed], [300, 300, 0]);
  ws.free();
});

test('with resend, they go out again on the next link, once and in order', async () => {
  const { ws, drops, sock } = open({ queue: { resend: true } });
  for (const m of range(300)) ws.send(m);
  sock.closed(1006);
  await sleep(20);
  const next = Script.all[1];
  next.open();
  assert.deepEqual(next.wire, range(300));
  assert.deepEqual([drops.length, ws.stats.resent], [0, 300]);
  ws.free();
});

test('a socket no longer OPEN is not given the message: it waits for the next link', async () => {
  const { ws, drops, sock } = open();
  ws.send('a');
  ws.send('b'); // within the allowance
  sock.readyState = 2; // its close is on the way
  ws.send('c');
  assert.deepEqual(sock.wire, ['a', 'b'], 'a CLOSING socket would discard it without a word');
  sock.closed(1006);
  await sleep(20);
  Script.all[1].open();
  assert.deepEqual(Script.all[1].wire, ['c']);
  assert.deepEqual(drops, [['a', 'unconfirmed'], ['b', 'unconfirmed']]);
  ws.free();
});

test('a send the socket refuses within an allowance is reported rejected, the rest go on', () => {
  const { ws, drops, sock } = open();
  sock.onSend = (data) => {
    if (data === 'bad') throw new TypeError('cannot send that');
  };
  for (const m of ['a', 'b', 'bad', 'c']) ws.send(m);
  assert.deepEqual(sock.wire, ['a', 'b', 'c']);
  assert.deepEqual(drops, [['bad', 'rejected']]);
  assert.deepEqual([ws.stats.sent, ws.stats.unconfirmed], [3, 3]);
  ws.free();
});

test('a close reported from inside a send within an allowance comes after that message', () => {
  const { ws, drops, sock } = open();
  ws.send('a');
  sock.onSend = (data, s) => {
    if (data === 'last') s.closed(1006);
  };
  ws.send('b');
  ws.send('last');
  assert.deepEqual(sock.wire, ['a', 'b', 'last']);
  assert.deepEqual(drops, [['a', 'unconfirmed'], ['b', 'unconfirmed'], ['last', 'unconfirmed']]);
  assert.equal(ws.stats.unconfirmed, 0);
  ws.free();
});

test('messages received without the core are counted, and free() reports what was sent so', () => {
  const { ws, drops, sock } = open();
  const got = [];
  ws.onmessage = (e) => got.push(e.data);
  for (const m of range(500, 'r')) sock.message(m);
  sock.message('pong'); // no ping awaited: still a reply, never a message
  assert.equal(got.length, 500);
  assert.equal(ws.stats.received, 500);
  for (const m of range(10)) ws.send(m);
  ws.free();
  assert.deepEqual(drops, range(10).map((m) => [m, 'unconfirmed']));
});
