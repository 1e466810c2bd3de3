'use strict';
// heartsocket for mini-programs (WeChat, Taro, uni-app, Alipay).
//
//   const { load } = require('heartsocket/miniprogram');
//   const { WebSocketClass } = await load({ host: 'wechat' });
//   const ws = new WebSocketClass('wss://example.com/ws', (data) => console.log(data));
//   ws.connect();
//
// load() installs TextEncoder/TextDecoder where missing, instantiates the wasm with the host's
// API, and returns the same WebSocketClass as on the web, whose options default to this host's
// socket facade (`WebSocket`), lifecycle hooks (`lifecycle`) and `secureOnly: true`.

var polyfill = require('./polyfill.js');
var hosts = require('./hosts.js');
var facade = require('./facade.js');
var lifecycle = require('./lifecycle.js');
var wasm = require('./wasm.js');

/**
 * Where the .wasm is by default, as a code-package path. WeChat's "build npm" copies this folder
 * to /miniprogram_npm/heartsocket/; other hosts bundle the JS, so the .wasm has to be copied into
 * the package by the build (see docs/MINIPROGRAM.md) and the path passed as `wasmPath`.
 */
var DEFAULT_WASM_PATH = {
  wechat: '/miniprogram_npm/heartsocket/heartsocket_bg.wasm.br',
  taro: '/heartsocket_bg.wasm.br',
  uni: '/static/heartsocket_bg.wasm.br',
  alipay: '/heartsocket_bg.wasm',
};

var ready = null; // Promise of the initialised glue: the wasm is instantiated once per app

/** Guesses the host from the globals when `host` is not given (Taro must be named). */
function detectHost() {
  /* global wx, my, uni */
  if (typeof uni !== 'undefined' && uni && typeof uni.connectSocket === 'function') return 'uni';
  if (typeof wx !== 'undefined' && wx && typeof wx.connectSocket === 'function') return 'wechat';
  if (typeof my !== 'undefined' && my && typeof my.connectSocket === 'function') return 'alipay';
  throw new TypeError("heartsocket: cannot tell the host; pass load({ host: 'wechat' | 'taro' | 'uni' | 'alipay' })");
}

/**
 * Merges the host defaults under the user's third constructor argument. A string there is the
 * instance's name (as on the web); keys the user left undefined keep the defaults.
 */
function mergeOptions(defaults, arg) {
  if (arg === undefined || arg === null) return Object.assign({}, defaults);
  if (typeof arg === 'string') return Object.assign({}, defaults, { name: arg });
  if (typeof arg !== 'object') return arg; // let the driver throw its TypeError
  var merged = Object.assign({}, defaults, arg);
  for (var k in defaults) if (merged[k] === undefined) merged[k] = defaults[k];
  return merged;
}

/** A subclass of the glue's WebSocketClass whose options default to the host's. */
function withDefaults(Base, defaults) {
  class WebSocketClass extends Base {
    /**
     * @param {string|Function} url
     * @param {Function} [onMessage]
     * @param {string|object} [nameOrOptions]
     */
    constructor(url, onMessage, nameOrOptions) {
      super(url, onMessage, mergeOptions(defaults, nameOrOptions));
    }
  }
  return WebSocketClass;
}

function initGlue(glue, options, api, host) {
  if (ready) return ready;
  var opts = {
    instantiate: options.instantiate,
    wasmBytes: options.wasmBytes,
    wasmPath: options.wasmPath || DEFAULT_WASM_PATH[host],
  };
  ready = wasm.instantiate(opts, glue.__wbg_get_imports(), api, polyfill.findGlobal())
    .then(function (r) {
      glue.__wbg_finalize_init(r.instance, r.module);
      return glue;
    });
  // A failed load (wrong path, say) may be retried with other options.
  ready.catch(function () { ready = null; });
  return ready;
}

var LOAD_KEYS = ['host', 'api', 'wasmPath', 'wasmBytes', 'instantiate', 'socket'];
var SOCKET_KEYS = Object.keys(facade.DEFAULT_SETTINGS);
var MAX_DELAY = 2147483647; // what setTimeout can wait

function kindOf(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function wrong(key, expected, v) {
  return new TypeError("heartsocket: load() option '" + key + "' must be " + expected + ', got ' + kindOf(v));
}

/**
 * load()'s options read once each (a getter is not asked twice) and checked: a TypeError or
 * RangeError naming the option, like the class's own options.
 */
function checkLoadOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw wrong('options', 'an object', options);
  var o = {};
  for (var i = 0; i < LOAD_KEYS.length; i++) o[LOAD_KEYS[i]] = options[LOAD_KEYS[i]];
  if (o.host !== undefined && (typeof o.host !== 'string' || hosts.HOSTS.indexOf(o.host) < 0)) {
    throw wrong('host', "one of '" + hosts.HOSTS.join("', '") + "'", o.host);
  }
  if (o.api !== undefined && o.api !== null && typeof o.api !== 'object' && typeof o.api !== 'function') {
    throw wrong('api', 'the host API object (wx, Taro, uni or my)', o.api);
  }
  if (o.wasmPath !== undefined && typeof o.wasmPath !== 'string') throw wrong('wasmPath', 'a string', o.wasmPath);
  if (o.wasmBytes !== undefined && !(Object.prototype.toString.call(o.wasmBytes) === '[object ArrayBuffer]' ||
    ArrayBuffer.isView(o.wasmBytes))) {
    throw wrong('wasmBytes', 'an ArrayBuffer or a view of one', o.wasmBytes);
  }
  if (o.instantiate !== undefined && typeof o.instantiate !== 'function') throw wrong('instantiate', 'a function', o.instantiate);
  if (o.socket !== undefined) {
    var s = o.socket;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw wrong('socket', 'an object', s);
    o.socket = {};
    var keys = Object.keys(s);
    for (var k = 0; k < keys.length; k++) {
      if (SOCKET_KEYS.indexOf(keys[k]) < 0) {
        throw new TypeError("heartsocket: unknown load() option 'socket." + keys[k] + "'; allowed: socket." + SOCKET_KEYS.join(', socket.'));
      }
      var v = s[keys[k]];
      if (v === undefined) continue;
      if (typeof v !== 'number') throw wrong('socket.' + keys[k], 'a number of ms', v);
      if (!(v >= 0 && v <= MAX_DELAY && v % 1 === 0)) {
        throw new RangeError("heartsocket: load() option 'socket." + keys[k] + "' must be a whole number from 0 to " + MAX_DELAY + ', got ' + v);
      }
      o.socket[keys[k]] = v;
    }
  }
  return o;
}

/**
 * Loads heartsocket on a mini-program host.
 * @param {object} [options]
 * @param {'wechat'|'taro'|'uni'|'alipay'} [options.host] guessed from the globals if omitted (not Taro)
 * @param {any} [options.api] the host API: wx, Taro, uni or my (default: the host's global)
 * @param {string} [options.wasmPath] code-package path of the .wasm or .wasm.br
 * @param {ArrayBuffer|ArrayBufferView} [options.wasmBytes] the module's bytes (hosts with WebAssembly)
 * @param {(imports: object) => any} [options.instantiate] custom instantiation, for other hosts
 * @param {{errorCloseGraceMs?: number, closeGraceMs?: number}} [options.socket] facade timings
 * Every option is checked: a TypeError or RangeError (the returned Promise rejects) names it.
 * @returns {Promise<{WebSocketClass: Function, Socket: Function, lifecycle: Function, host: string, exports: object}>}
 */
function load(options) {
  return Promise.resolve().then(function () {
    var o = checkLoadOptions(options);
    var host = o.host || detectHost();
    var api = o.api || hosts.defaultApi(host);
    var Socket = facade.createSocketClass(hosts.adapterFor(host, api), o.socket);
    var life = lifecycle.createLifecycle(api);
    // Before the glue is evaluated: it builds a TextDecoder and a TextEncoder at once.
    polyfill.install();
    var glue = require('./glue.js');
    return initGlue(glue, o, api, host).then(function () {
      var defaults = { WebSocket: Socket, lifecycle: life, secureOnly: true };
      return {
        WebSocketClass: withDefaults(glue.WebSocketClass, defaults),
        Socket: Socket,
        lifecycle: life,
        host: host,
        exports: glue,
      };
    });
  });
}

module.exports = {
  load: load,
  createSocketClass: facade.createSocketClass,
  adapterFor: hosts.adapterFor,
  createLifecycle: lifecycle.createLifecycle,
  installPolyfills: polyfill.install,
  DEFAULT_WASM_PATH: DEFAULT_WASM_PATH,
};
