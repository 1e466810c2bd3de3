'use strict';
// Base64 <-> ArrayBuffer for Alipay, whose SocketTask carries binary frames as base64 text with
// `isBuffer: true`. Written out because `btoa`/`atob` and `my.arrayBufferToBase64` are not
// available on every Alipay base library (the latter is documented as deprecated).

var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
var LOOKUP = (function () {
  var t = new Int16Array(256);
  for (var i = 0; i < 256; i++) t[i] = -1;
  for (var j = 0; j < ALPHABET.length; j++) t[ALPHABET.charCodeAt(j)] = j;
  // URL-safe spellings decode too: a server may well send them.
  t['-'.charCodeAt(0)] = 62;
  t['_'.charCodeAt(0)] = 63;
  return t;
})();

/**
 * Encodes bytes as standard padded base64.
 * @param {ArrayBuffer|ArrayBufferView} data
 * @returns {string}
 */
function encode(data) {
  var bytes = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
  var out = [];
  var chunk = [];
  var i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    var n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk.push(ALPHABET[n >> 18], ALPHABET[(n >> 12) & 63], ALPHABET[(n >> 6) & 63], ALPHABET[n & 63]);
    if (chunk.length >= 8192) { out.push(chunk.join('')); chunk = []; }
  }
  var rest = bytes.length - i;
  if (rest === 1) {
    var a = bytes[i] << 16;
    chunk.push(ALPHABET[a >> 18], ALPHABET[(a >> 12) & 63], '==');
  } else if (rest === 2) {
    var b = (bytes[i] << 16) | (bytes[i + 1] << 8);
    chunk.push(ALPHABET[b >> 18], ALPHABET[(b >> 12) & 63], ALPHABET[(b >> 6) & 63], '=');
  }
  out.push(chunk.join(''));
  return out.join('');
}

/**
 * Decodes base64 (standard or URL-safe, padding optional, whitespace ignored).
 * @param {string} text
 * @returns {ArrayBuffer}
 * @throws {TypeError} on a character outside the alphabet or an impossible length
 */
function decode(text) {
  var s = String(text);
  var clean = [];
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c === 61) break; // '=': padding ends the data
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    var v = c < 256 ? LOOKUP[c] : -1;
    if (v < 0) throw new TypeError('heartsocket: invalid base64 character at ' + i);
    clean.push(v);
  }
  if (clean.length % 4 === 1) throw new TypeError('heartsocket: invalid base64 length');
  var out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  var o = 0;
  for (var j = 0; j < clean.length; j += 4) {
    var n = (clean[j] << 18) | (clean[j + 1] << 12) | ((clean[j + 2] || 0) << 6) | (clean[j + 3] || 0);
    out[o++] = (n >> 16) & 255;
    if (j + 2 < clean.length) out[o++] = (n >> 8) & 255;
    if (j + 3 < clean.length) out[o++] = n & 255;
  }
  return out.buffer;
}

module.exports = { encode: encode, decode: decode };
