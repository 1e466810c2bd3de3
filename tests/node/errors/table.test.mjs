// The options table (`OPTIONS`, src/api/options.js) is the one place each option's default and
// range are written. What repeats them elsewhere must agree: the `{{option}}` doc sentences of
// src/wasm/typescript.rs (written into heartsocket.d.ts by scripts/finish-glue.mjs) cover every
// option with a default, the built .d.ts carries each sentence, and the README's options table
// shows the same defaults. (The Rust core's defaults are generated from it by build.rs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTIONS, optionDoc } from '../../../scripts/option-docs.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const read = (...p) => readFileSync(path.join(repo, ...p), 'utf8');
const withDefault = Object.keys(OPTIONS).filter((k) => OPTIONS[k].length > 0);

test('every option with a default has its doc sentence in typescript.rs, and only those', () => {
  const placed = [...read('src', 'wasm', 'typescript.rs').matchAll(/\{\{([\w.]+)\}\}/g)].map((m) => m[1]);
  assert.deepEqual([...placed].sort(), [...withDefault].sort());
});

test('the built heartsocket.d.ts (both flavours) carries every sentence, no placeholder left', () => {
  for (const file of [['pkg', 'heartsocket.d.ts'], ['pkg', 'bundler', 'heartsocket.d.ts']]) {
    const dts = read(...file);
    for (const k of withDefault) assert.ok(dts.includes(optionDoc(k)), `${file.join('/')}: ${k}: ${optionDoc(k)}`);
    assert.deepEqual(dts.match(/\{\{[\w.]+\}\}/g), null);
  }
});

test('the sentences say what the table says', () => {
  assert.equal(optionDoc('heartbeat.interval'), 'Default `5000`; a whole number from 1 to 2147483647.');
  assert.equal(optionDoc('reconnect.jitter'), 'Default `0.5`; a number from 0 to 1.');
  assert.equal(optionDoc('queue.overflow'), 'Default `"error"`; one of `"error"`, `"drop-oldest"`, `"drop-newest"`.');
  assert.equal(optionDoc('reconnect.stopOnCodes'), 'Default `[]`; each a whole number from 1000 to 4999.');
  assert.equal(optionDoc('url'), '');
});

test("the README's options table shows the table's defaults", () => {
  const readme = read('README.md');
  const row = (key) => {
    const m = readme.match(new RegExp('^\\| `' + key + '` \\| ([^|]+) \\|', 'm'));
    assert.ok(m, `README has no options row for ${key}`);
    return m[1].trim();
  };
  const literal = (v) => (v === Infinity ? 'Infinity' : JSON.stringify(v));
  let checked = 0;
  for (const section of ['heartbeat', 'reconnect', 'queue']) {
    const cell = row(section);
    for (const [, key, value] of cell.matchAll(/(\w+): ([^,}]+)/g)) {
      assert.equal(value.trim(), literal(OPTIONS[`${section}.${key}`][0]), `README ${section}.${key}`);
      checked++;
    }
  }
  for (const key of ['name', 'autoConnect', 'debug', 'secureOnly']) {
    const first = row(key).match(/`([^`]+)`/)[1];
    assert.equal(first, literal(OPTIONS[key][0]), `README ${key}`);
    checked++;
  }
  assert.ok(checked >= 20, `only ${checked} defaults found in the README`);
});
