'use strict';
// A W3C-shaped WebSocket over a mini-program SocketTask, so the wasm driver drives WeChat, Taro,
// uni-app and Alipay with the very code that drives a browser WebSocket. What it papers over:
// - SocketTask has no readyState: tracked here from the events.
// - connectSocket's `success` only means "request accepted"; the socket is open at onOpen.
// - an error is followed by a close: the driver sees one error and ONE close, never two closes,
//   and a close even if the host forgets to send one (timer).
// - WeChat cannot close a socket that is not open yet: close() while connecting reports the close
//   at once and shuts the task down when it does open, so it cannot linger in the 5-socket budget.
// - send results arrive through success/fail: reported to the driver once each, in send order,
//   through `onsendresult`, so a failed message goes back to the queue.
// - "interrupted" closes (app in the background) are reported as abnormal (1006) so they are
//   reconnected, whatever code the host put on them.

var polyfill = require('./polyfill.js');

var CONNECTING = 0;
var OPEN = 1;
var CLOSING = 2;
var CLOSED = 3;
var STATE_NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

var DEFAULT_SETTINGS = {
  /** How long a close may lag behind an error before the facade reports one itself. */
  errorCloseGraceMs: 3000,
  /** How long a requested close may take before the facade reports it itself. */
  closeGraceMs: 3000,
};

function defer(fn) {
  setTimeout(fn, 0);
}

function isArrayBuffer(x) {
  return x instanceof ArrayBuffer || Object.prototype.toString.call(x) === '[object ArrayBuffer]';
}

/**
 * A fresh ArrayBuffer of this realm holding the bytes of `data`. Hosts must never receive a view
 * of wasm memory (it can move or be reused before the host reads it), hence always a copy.
 */
function copyBytes(data) {
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
  }
  return new Uint8Array(data).slice().buffer;
}

/** What goes to the host: a string, or a copied ArrayBuffer; anything else is refused. */
function toWire(data) {
  if (typeof data === 'string') return data;
  if (isArrayBuffer(data) || ArrayBuffer.isView(data)) return copyBytes(data);
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    throw new TypeError('heartsocket: a Blob cannot be sent on a mini-program host; send an ArrayBuffer');
  }
  if (data === null || data === undefined || typeof data === 'object' || typeof data === 'function') {
    throw new TypeError('heartsocket: send() takes a string, an ArrayBuffer or a typed array');
  }
  return String(data);
}

/** Most subprotocols a socket takes (a sparse array can claim 2^32 - 1 entries). */
var MAX_PROTOCOLS = 1024;

/** `protocols` as a fresh array of strings, else a TypeError. */
function protocolList(protocols) {
  if (protocols === undefined || protocols === null) return [];
  if (typeof protocols === 'string') return [protocols];
  var n = Array.isArray(protocols) ? protocols.length : -1;
  var out = [];
  for (var i = 0; i < n && n <= MAX_PROTOCOLS; i++) {
    if (typeof protocols[i] !== 'string') break;
    out.push(protocols[i]);
  }
  if (out.length !== n) {
    throw new TypeError('heartsocket: protocols must be a string or an array of at most ' + MAX_PROTOCOLS + ' strings');
  }
  return out;
}

function wireSize(data) {
  return typeof data === 'string' ? polyfill.utf8ByteLength(data) : data.byteLength;
}

function errorText(res, fallback) {
  if (res && typeof res === 'object') {
    var t = res.errMsg || res.errorMessage || res.message;
    if (t) return String(t);
  }
  if (typeof res === 'string' && res) return res;
  return fallback;
}

function isValidCloseCode(code) {
  return code === 1000 || (code >= 3000 && code <= 4999 && Math.floor(code) === code);
}

function safeClose(task, opts) {
  try { task.close(opts || {}); } catch (e) { /* the task is being abandoned anyway */ }
}

/**
 * Shuts a task the facade no longer wants: now if the host allows it, else as soon as it opens
 * (WeChat ignores close before open). Keeps the host's socket budget from filling with orphans.
 */
function disposeTask(task) {
  try { task.onOpen(function () { safeClose(task, { code: 1000 }); }); } catch (e) { /* no onOpen */ }
  safeClose(task, { code: 1000 });
}

/**
 * Builds the socket class for one host. The driver constructs it like a WebSocket:
 * `new Socket(url, protocols)`.
 * @param {{connect: Function, send: Function, message: Function}} adapter host-specific calls
 * @param {Partial<typeof DEFAULT_SETTINGS>} [settings]
 * @returns {Function} the class
 */
function createSocketClass(adapter, settings) {
  var cfg = Object.assign({}, DEFAULT_SETTINGS, settings || {});

  /**
   * A mini-program SocketTask wearing the W3C WebSocket shape.
   * @param {string} url
   * @param {string|string[]} [protocols]
   */
  function MiniProgramSocket(url, protocols) {
    if (!(this instanceof MiniProgramSocket)) throw new TypeError("Constructor requires 'new'");
    // As a WebSocket's constructor converts them (USVString; a sequence of strings): a Symbol
    // throws a TypeError, as does a protocols list that is not one.
    this.url = typeof url === 'string' ? url : `${url}`;
    var list = protocolList(protocols);
    this.readyState = CONNECTING;
    this.protocol = '';
    this.extensions = '';
    this.binaryType = 'arraybuffer';
    this.bufferedAmount = 0;
    this.onopen = null;
    this.onmessage = null;
    this.onerror = null;
    this.onclose = null;
    /** Tells the driver that every send's outcome arrives through `onsendresult(ok, errMsg)`. */
    this.reportsSendResults = true;
    this.onsendresult = null;
    Object.defineProperty(this, '_s', {
      value: { task: null, done: false, errored: false, pending: [], timer: null, listeners: {} },
    });
    this._start(list);
  }

  var P = MiniProgramSocket.prototype;

  P._start = function (protocols) {
    var self = this;
    var failed = false;
    var request = {
      url: this.url,
      protocols: protocols,
      fail: function (res) {
        if (failed) return;
        failed = true;
        // Never synchronously: the driver attaches its handlers right after `new`.
        defer(function () { self._connectFailed(res); });
      },
    };
    var ret;
    try {
      ret = adapter.connect(request);
    } catch (e) {
      request.fail({ errMsg: 'connectSocket:fail ' + (e && e.message ? e.message : String(e)) });
      return;
    }
    if (ret && typeof ret.then === 'function') {
      // Taro hands the task over in a Promise, after the host's success: it is adopted late.
      ret.then(function (task) { self._adopt(task, true); }, function (err) { request.fail(err); });
    } else if (ret && typeof ret.onOpen === 'function') {
      this._adopt(ret, false);
    } else if (!failed) {
      request.fail({ errMsg: 'connectSocket:fail the host returned no SocketTask' });
    }
  };

  P._adopt = function (task, late) {
    var s = this._s;
    if (!task || typeof task.onOpen !== 'function') {
      if (!s.done) this._connectFailed({ errMsg: 'connectSocket:fail the host returned no SocketTask' });
      return;
    }
    if (s.done) { disposeTask(task); return; }
    var self = this;
    s.task = task;
    task.onOpen(function (res) { self._onOpen(task, res); });
    task.onMessage(function (res) { self._onMessage(task, res); });
    task.onError(function (res) { self._onError(task, res); });
    task.onClose(function (res) { self._onClose(task, res); });
    // Handlers attached late may have missed the open: a task that tells its state says so.
    if (late && task.readyState === OPEN) this._onOpen(task, {});
    else if (late && (task.readyState === CLOSING || task.readyState === CLOSED)) {
      this._finish(1006, 'closed before its handlers were attached', false);
    }
  };

  P._connectFailed = function (res) {
    var s = this._s;
    if (s.done) return;
    s.errored = true;
    var text = errorText(res, 'connectSocket:fail');
    if (s.task) disposeTask(s.task);
    // A failure after close() was asked for is just the end of that close, not news.
    if (this.readyState !== CLOSING) this._dispatch('error', { type: 'error', message: text });
    this._finish(1006, text, false);
  };

  P._onOpen = function (task, res) {
    var s = this._s;
    if (task !== s.task || s.done || this.readyState !== CONNECTING) return;
    this.readyState = OPEN;
    var header = res && res.header;
    var proto = header && (header['Sec-WebSocket-Protocol'] || header['sec-websocket-protocol']);
    if (typeof proto === 'string') this.protocol = proto;
    this._dispatch('open', { type: 'open' });
  };

  P._onMessage = function (task, res) {
    var s = this._s;
    if (task !== s.task || s.done) return;
    // A message proves the socket open even if its open event came before we listened.
    if (this.readyState === CONNECTING) this._onOpen(task, {});
    if (this.readyState !== OPEN && this.readyState !== CLOSING) return;
    var data;
    try {
      data = adapter.message(res);
    } catch (e) {
      this._dispatch('error', { type: 'error', message: 'heartsocket: undecodable message: ' + e.message });
      return;
    }
    if (typeof data !== 'string') {
      // Another realm's ArrayBuffer (a test sandbox, a host bridge) fails `instanceof` in the
      // glue: copy it into this realm. Free in the common case, where it is already ours.
      if (!(data instanceof ArrayBuffer) && (isArrayBuffer(data) || ArrayBuffer.isView(data))) {
        data = copyBytes(data);
      }
      if (this.binaryType === 'blob' && typeof Blob === 'function') data = new Blob([data]);
    }
    this._dispatch('message', { type: 'message', data: data });
  };

  P._onError = function (task, res) {
    var s = this._s;
    if (task !== s.task || s.done || s.errored) return;
    s.errored = true;
    var text = errorText(res, 'socket error');
    this._dispatch('error', { type: 'error', message: text });
    var self = this;
    this._arm(cfg.errorCloseGraceMs, function () { self._giveUp(task, text); });
  };

  P._onClose = function (task, res) {
    var s = this._s;
    if (task !== s.task || s.done) return;
    var code = res && typeof res.code === 'number' ? res.code : 1006;
    var reason = res && typeof res.reason === 'string' ? res.reason : '';
    // WeChat reports a background cut as {code: 1000 or 0, reason: 'interrupted'}: not a goodbye.
    var interrupted = /interrupted/i.test(reason) || code === 0;
    if (interrupted || code < 1000 || code > 4999) code = 1006;
    this._finish(code, reason, !interrupted && !s.errored && code !== 1006);
  };

  P._giveUp = function (task, reason) {
    if (this._s.done) return;
    disposeTask(task);
    this._finish(1006, reason, false);
  };

  P._arm = function (ms, fn) {
    var s = this._s;
    if (s.timer !== null) clearTimeout(s.timer);
    s.timer = setTimeout(function () { s.timer = null; fn(); }, ms);
  };

  P._finish = function (code, reason, wasClean) {
    var s = this._s;
    if (s.done) return;
    s.done = true;
    s.task = null;
    if (s.timer !== null) { clearTimeout(s.timer); s.timer = null; }
    this.readyState = CLOSED;
    // Unconfirmed sends are reported failed before the close, while the driver still listens to
    // this socket, so their messages go back to the queue instead of vanishing.
    var pending = s.pending;
    s.pending = [];
    this.bufferedAmount = 0;
    for (var i = 0; i < pending.length; i++) {
      var p = pending[i];
      if (!p.done) { p.done = true; p.ok = false; p.err = 'socket closed before the host confirmed the send'; }
      this._report(p);
    }
    this._dispatch('close', { type: 'close', code: code, reason: reason, wasClean: wasClean });
  };

  P._report = function (entry) {
    if (typeof this.onsendresult === 'function') this.onsendresult(entry.ok, entry.err);
  };

  P._dispatch = function (type, event) {
    event.target = this;
    var handler = this['on' + type];
    if (typeof handler === 'function') handler.call(this, event);
    var list = this._s.listeners[type];
    if (list) {
      list = list.slice();
      for (var i = 0; i < list.length; i++) list[i].call(this, event);
    }
  };

  /**
   * Hands `data` to the host. Throws when the socket is not open; otherwise the outcome arrives
   * later through `onsendresult(ok, errMsg)`, once per call, in call order.
   * @param {string|ArrayBuffer|ArrayBufferView} data
   */
  P.send = function (data) {
    var s = this._s;
    if (this.readyState !== OPEN || !s.task) {
      var err = new Error('heartsocket: cannot send while the socket is ' + STATE_NAMES[this.readyState]);
      err.name = 'InvalidStateError';
      throw err;
    }
    var wire = toWire(data);
    var entry = { size: wireSize(wire), done: false, ok: false, err: '' };
    s.pending.push(entry);
    this.bufferedAmount += entry.size;
    var self = this;
    function settle(ok, res) {
      if (entry.done) return;
      entry.done = true;
      entry.ok = ok;
      entry.err = ok ? '' : errorText(res, 'send failed');
      self.bufferedAmount = Math.max(0, self.bufferedAmount - entry.size);
      // Report in send order: a result waits for every earlier one.
      while (s.pending.length && s.pending[0].done) self._report(s.pending.shift());
    }
    try {
      adapter.send(s.task, wire, function () { settle(true); }, function (res) { settle(false, res); });
    } catch (e) {
      defer(function () { settle(false, { errMsg: e && e.message ? e.message : String(e) }); });
    }
  };

  /**
   * Closes the socket. Validation matches the browser: code 1000 or 3000–4999, reason ≤ 123 bytes.
   * @param {number} [code]
   * @param {string} [reason]
   */
  P.close = function (code, reason) {
    if (code !== undefined && !isValidCloseCode(code)) {
      var e1 = new RangeError('heartsocket: close code must be 1000 or 3000-4999, got ' + code);
      e1.name = 'InvalidAccessError';
      throw e1;
    }
    if (reason !== undefined && polyfill.utf8ByteLength(String(reason)) > 123) {
      throw new SyntaxError('heartsocket: close reason must be at most 123 UTF-8 bytes');
    }
    if (this.readyState === CLOSING || this.readyState === CLOSED) return;
    var s = this._s;
    var task = s.task;
    var self = this;
    var why = reason === undefined ? '' : String(reason);
    var wasConnecting = this.readyState === CONNECTING;
    this.readyState = CLOSING;
    if (wasConnecting || !task) {
      // Not open yet: WeChat would ignore the close, so report it now and retire the task.
      if (task) { s.task = null; disposeTask(task); }
      defer(function () { self._finish(1006, why, false); });
      return;
    }
    var opts = {
      fail: function (res) { self._giveUp(task, errorText(res, 'close failed')); },
    };
    if (code !== undefined) opts.code = code;
    if (reason !== undefined) opts.reason = why;
    try {
      task.close(opts);
    } catch (e) {
      defer(function () { self._giveUp(task, 'close threw: ' + (e && e.message)); });
      return;
    }
    this._arm(cfg.closeGraceMs, function () { self._giveUp(task, why); });
  };

  /** W3C-style listeners, beside the `on…` properties. */
  P.addEventListener = function (type, fn) {
    if (typeof fn !== 'function') return;
    var l = this._s.listeners[type] || (this._s.listeners[type] = []);
    if (l.indexOf(fn) < 0) l.push(fn);
  };

  P.removeEventListener = function (type, fn) {
    var l = this._s.listeners[type];
    if (l) { var i = l.indexOf(fn); if (i >= 0) l.splice(i, 1); }
  };

  [MiniProgramSocket, P].forEach(function (o) {
    o.CONNECTING = CONNECTING; o.OPEN = OPEN; o.CLOSING = CLOSING; o.CLOSED = CLOSED;
  });
  return MiniProgramSocket;
}

module.exports = {
  createSocketClass: createSocketClass,
  DEFAULT_SETTINGS: DEFAULT_SETTINGS,
  toWire: toWire,
  CONNECTING: CONNECTING,
  OPEN: OPEN,
  CLOSING: CLOSING,
  CLOSED: CLOSED,
};
