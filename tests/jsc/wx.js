// A scripted, in-memory `wx` for tests/jsc/: the jsc shell has no sockets, so connectSocket's
// SocketTask talks to a little WebSocket server living in the same process, on virtual time
// (tests/jsc/host.js). It behaves like WeChat's documented SocketTask and like the project's
// server (docs/SERVER.md) where the tests need it:
// - connectSocket's `success` comes first, the open one hop later;
// - the server echoes text and binary, answers "ping" with "pong" (not logged), and logs every
//   other message it receives per client, in order;
// - faults: drop (the client hears onError, then onClose 1006: error-then-close), close with a
//   code, blackhole (the server keeps reading and logging but sends nothing, not even a close
//   reply), refuse (the handshake fails: onError then onClose);
// - `open`, `maxOpen` and `total` count connections the way /control/stats does: up just before
//   the client can see its open, down before the client can see the end.
var JSCWX = (function () {
  'use strict';
  var HOP = 2; // ms of virtual time between the two ends

  function isValidCloseCode(code) {
    return code === 1000 || (code >= 3000 && code <= 4999 && Math.floor(code) === code);
  }
  function utf8Length(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) { n += 4; i++; } else n += 3;
    }
    return n;
  }
  function copy(buf) { return new Uint8Array(buf).slice().buffer; }

  function createServer() {
    var server = {
      open: 0, maxOpen: 0, total: 0, pings: 0,
      /** every non-ping message received, in order: strings, or arrays of byte values */
      received: [],
      conns: [],
      refusing: 0,
      blackholeNew: false,
      /** Abruptly drops every open connection: the client hears onError, then onClose 1006. */
      drop: function () { this.conns.forEach(function (c) { if (c.up) c.serverDrop(); }); },
      /** Closes every open connection with a close frame. */
      close: function (code, reason) { this.conns.forEach(function (c) { if (c.up) c.serverClose(code, reason || ''); }); },
      /** Current connections stop sending anything (and new ones too while `blackholeNew`). */
      blackhole: function (alsoNew) {
        this.conns.forEach(function (c) { if (c.up) c.blackholed = true; });
        this.blackholeNew = !!alsoNew;
      },
      /** The next `n` handshakes fail. */
      refuse: function (n) { this.refusing = n; },
    };
    return server;
  }

  function createWx(server) {
    var listeners = { hide: [], show: [], network: [] };
    var tasks = [];
    function on(kind) { return function (cb) { listeners[kind].push(cb); }; }
    function off(kind) {
      return function (cb) {
        if (cb === undefined) listeners[kind] = [];
        else listeners[kind] = listeners[kind].filter(function (f) { return f !== cb; });
      };
    }

    function connectSocket(opt) {
      var task = new Task(server, opt.url);
      tasks.push(task);
      setTimeout(function () {
        if (typeof opt.success === 'function') opt.success({ errMsg: 'connectSocket:ok' });
        if (typeof opt.complete === 'function') opt.complete({ errMsg: 'connectSocket:ok' });
        task.handshake();
      }, 0);
      return task;
    }

    return {
      tasks: tasks,
      listeners: listeners,
      wx: {
        connectSocket: connectSocket,
        onAppHide: on('hide'), offAppHide: off('hide'),
        onAppShow: on('show'), offAppShow: off('show'),
        onNetworkStatusChange: on('network'), offNetworkStatusChange: off('network'),
      },
    };
  }

  /** The SocketTask, and the server's end of its connection. */
  function Task(server, url) {
    this.server = server;
    this.url = url;
    this.state = 'connecting'; // the client's view
    this.up = false;           // the server's view: counted as open
    this.blackholed = false;
    this.cbs = { open: [], message: [], error: [], close: [] };
    this.client = String(url).replace(/^.*[?&]client=([^&]*).*$/, '$1');
  }
  Task.prototype.onOpen = function (cb) { this.cbs.open.push(cb); };
  Task.prototype.onMessage = function (cb) { this.cbs.message.push(cb); };
  Task.prototype.onError = function (cb) { this.cbs.error.push(cb); };
  Task.prototype.onClose = function (cb) { this.cbs.close.push(cb); };
  Task.prototype.emit = function (type, res) {
    this.cbs[type].slice().forEach(function (cb) { cb(res); });
  };
  /** Client-side events travel one hop; a blackholed connection delivers nothing. */
  Task.prototype.toClient = function (fn) {
    var self = this;
    if (this.blackholed) return;
    setTimeout(function () { if (self.state !== 'closed') fn(); }, HOP);
  };

  Task.prototype.handshake = function () {
    var self = this;
    var s = this.server;
    setTimeout(function () {
      if (self.state !== 'connecting') return; // closed before the server answered
      if (s.refusing > 0) {
        s.refusing--;
        self.state = 'closed';
        self.emit('error', { errMsg: 'Invalid HTTP status 503' });
        self.emit('close', { code: 1006, reason: 'abnormal closure' });
        return;
      }
      self.up = true;
      self.blackholed = s.blackholeNew;
      s.total++;
      s.open++;
      s.maxOpen = Math.max(s.maxOpen, s.open);
      s.conns.push(self);
      // The 101 reaches the client one hop later (even through a blackhole: it was sent first).
      setTimeout(function () {
        if (self.state !== 'connecting') return;
        self.state = 'open';
        self.emit('open', { header: {} });
      }, HOP);
    }, HOP);
  };

  Task.prototype.down = function () {
    if (!this.up) return;
    this.up = false;
    this.server.open--;
  };

  Task.prototype.send = function (o) {
    var self = this;
    var data = o.data;
    if (this.state !== 'open') {
      setTimeout(function () { if (o.fail) o.fail({ errMsg: 'sendSocketMessage:fail WebSocket is not connected' }); }, 0);
      return;
    }
    var isText = typeof data === 'string';
    if (!isText && Object.prototype.toString.call(data) !== '[object ArrayBuffer]') {
      setTimeout(function () { if (o.fail) o.fail({ errMsg: 'sendSocketMessage:fail data must be a string or an ArrayBuffer' }); }, 0);
      return;
    }
    var wire = isText ? data : copy(data);
    setTimeout(function () { if (o.success) o.success({ errMsg: 'sendSocketMessage:ok' }); }, 0);
    setTimeout(function () { self.serverReceive(wire); }, HOP);
  };

  Task.prototype.serverReceive = function (wire) {
    var self = this;
    if (!this.up) return;
    if (wire === 'ping') {
      this.server.pings++;
      this.toClient(function () { self.emit('message', { data: 'pong' }); });
      return;
    }
    this.server.received.push({
      client: this.client,
      data: typeof wire === 'string' ? wire : Array.prototype.slice.call(new Uint8Array(wire)),
    });
    var echo = typeof wire === 'string' ? wire : copy(wire);
    this.toClient(function () { self.emit('message', { data: echo }); });
  };

  Task.prototype.close = function (o) {
    var self = this;
    o = o || {};
    var code = o.code === undefined ? 1000 : o.code;
    var reason = o.reason === undefined ? '' : String(o.reason);
    if (!isValidCloseCode(code) || utf8Length(reason) > 123) {
      setTimeout(function () { if (o.fail) o.fail({ errMsg: 'closeSocket:fail invalid code or reason' }); }, 0);
      return;
    }
    // WeChat ignores a close before the open (the facade handles that).
    if (this.state !== 'open') return;
    this.state = 'closing';
    setTimeout(function () { if (o.success) o.success({ errMsg: 'closeSocket:ok' }); }, 0);
    setTimeout(function () {
      if (!self.up) return;
      var silent = self.blackholed;
      self.down();
      // A blackholed server reads the close but never replies: the client is left waiting.
      if (silent) return;
      setTimeout(function () {
        if (self.state === 'closed') return;
        self.state = 'closed';
        self.emit('close', { code: code, reason: reason });
      }, HOP);
    }, HOP);
  };

  Task.prototype.serverDrop = function () {
    var self = this;
    this.down();
    setTimeout(function () {
      if (self.state === 'closed') return;
      self.state = 'closing';
      self.emit('error', { errMsg: 'connection reset' });
      // The close follows in a later task, as on devices.
      setTimeout(function () {
        self.state = 'closed';
        self.emit('close', { code: 1006, reason: 'abnormal closure' });
      }, 0);
    }, HOP);
  };

  Task.prototype.serverClose = function (code, reason) {
    var self = this;
    var silent = this.blackholed;
    this.down();
    if (silent) return;
    setTimeout(function () {
      if (self.state === 'closed') return;
      self.state = 'closed';
      self.emit('close', { code: code, reason: reason });
    }, HOP);
  };

  return { createServer: createServer, createWx: createWx, HOP: HOP };
})();
