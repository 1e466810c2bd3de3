// The TextEncoder/TextDecoder polyfill (for devices without them) and the base64 codec (Alipay
// binary frames) agree with Node's own implementations on random and adversarial input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shim } from './helpers.mjs';

const { TextEncoderPolyfill, TextDecoderPolyfill, utf8ByteLength } = shim('polyfill.js');
const base64 = shim('base64.js');

// A small deterministic generator: failures reproduce.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings mixing ASCII, 2/3/4-byte characters and lone surrogates. */
function randomString(r, len) {
  const pools = [
    () => 0x20 + Math.floor(r() * 0x5f),
    () => 0x80 + Math.floor(r() * 0x780),
    () => 0x800 + Math.floor(r() * 0xd000),
    () => 0xd800 + Math.floor(r() * 0x800), // lone surrogate
  ];
  let out = '';
  for (let i = 0; i < len; i++) {
    if (r() < 0.15) out += String.fromCodePoint(0x10000 + Math.floor(r() * 0xfffff));
    else out += String.fromCharCode(pools[Math.floor(r() * pools.length)]());
  }
  return out;
}

function randomBytes(r, len) {
  const b = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    // Biased towards the bytes that make UTF-8 interesting.
    const x = r();
    b[i] = x < 0.3 ? Math.floor(r() * 0x80) : x < 0.6 ? 0x80 + Math.floor(r() * 0x40) : 0xc0 + Math.floor(r() * 0x40);
  }
  return b;
}

test('encode matches TextEncoder, lone surrogates included', () => {
  const r = rng(1);
  const mine = new TextEncoderPolyfill();
  const node = new TextEncoder();
  for (let i = 0; i < 2000; i++) {
    const s = randomString(r, Math.floor(r() * 40));
    assert.deepEqual(mine.encode(s), node.encode(s), JSON.stringify(s));
    assert.equal(utf8ByteLength(s), node.encode(s).length);
  }
  assert.equal(mine.encode().length, 0);
  assert.equal(mine.encoding, 'utf-8');
});

test('encodeInto matches, never writing part of a character', () => {
  const r = rng(2);
  const mine = new TextEncoderPolyfill();
  const node = new TextEncoder();
  for (let i = 0; i < 2000; i++) {
    const s = randomString(r, Math.floor(r() * 20));
    const size = Math.floor(r() * 50);
    const a = new Uint8Array(size);
    const b = new Uint8Array(size);
    assert.deepEqual(mine.encodeInto(s, a), node.encodeInto(s, b));
    assert.deepEqual(a, b);
  }
});

test('decode matches TextDecoder on arbitrary bytes (replacement and fatal)', () => {
  const r = rng(3);
  const lax = new TextDecoderPolyfill('utf-8');
  const nodeLax = new TextDecoder('utf-8');
  const strict = new TextDecoderPolyfill('utf-8', { fatal: true, ignoreBOM: true });
  const nodeStrict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let threw = 0;
  for (let i = 0; i < 5000; i++) {
    const b = randomBytes(r, Math.floor(r() * 24));
    assert.equal(lax.decode(b), nodeLax.decode(b), Array.from(b).join(','));
    let want;
    try { want = nodeStrict.decode(b); } catch { want = TypeError; }
    if (want === TypeError) {
      threw++;
      assert.throws(() => strict.decode(b), TypeError);
    } else {
      assert.equal(strict.decode(b), want);
    }
  }
  assert.ok(threw > 100, 'the generator produced invalid input');
});

test('the glue\'s evaluation-time calls: options accepted, decode() with no argument', () => {
  const d = new TextDecoderPolyfill('utf-8', { ignoreBOM: true, fatal: true });
  assert.equal(d.decode(), '');
  assert.equal(d.fatal, true);
  assert.equal(d.ignoreBOM, true);
  assert.throws(() => new TextDecoderPolyfill('latin1'), RangeError);
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, 0x41]);
  assert.equal(new TextDecoderPolyfill().decode(bom), 'A');
  assert.equal(new TextDecoderPolyfill('utf-8', { ignoreBOM: true }).decode(bom), '\ufeffA');
  // Views of a larger buffer (the glue passes subarrays of wasm memory).
  const mem = new TextEncoder().encode('xx你好xx');
  assert.equal(d.decode(mem.subarray(2, 8)), '你好');
  assert.equal(d.decode(new DataView(mem.buffer, 2, 6)), '你好');
});

test('streaming decode splits anywhere like TextDecoder', () => {
  const text = 'a€𝄞ü\u{1F600}z';
  const all = new TextEncoder().encode(text);
  for (let cut = 0; cut <= all.length; cut++) {
    const d = new TextDecoderPolyfill();
    const out = d.decode(all.subarray(0, cut), { stream: true }) + d.decode(all.subarray(cut));
    assert.equal(out, text, `cut at ${cut}`);
  }
});

test('base64 matches Buffer both ways', () => {
  const r = rng(4);
  for (let i = 0; i < 1000; i++) {
    const b = randomBytes(r, Math.floor(r() * 70));
    const enc = base64.encode(b);
    assert.equal(enc, Buffer.from(b).toString('base64'));
    assert.deepEqual(new Uint8Array(base64.decode(enc)), b);
    assert.deepEqual(new Uint8Array(base64.decode(enc.replace(/=+$/, ''))), b, 'unpadded');
  }
  assert.throws(() => base64.decode('ab$d'), TypeError);
  assert.throws(() => base64.decode('abcde'), TypeError);
});
