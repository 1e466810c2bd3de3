'use strict';
// The few calls that differ between mini-program hosts, behind one adapter shape used by the
// facade: connect(request) → SocketTask | Promise<SocketTask>, send(task, data, ok, fail),
// message(res) → string | ArrayBuffer.

var base64 = require('./base64.js');

var HOSTS = ['wechat', 'taro', 'uni', 'alipay'];

function connectOptions(request, extra) {
  var o = { url: request.url, fail: request.fail };
  // An empty `protocols` array is not the same as none on every host: pass it only when used.
  if (request.protocols.length) o.protocols = request.protocols;
  for (var k in extra) o[k] = extra[k];
  return o;
}

function noop() {}

/** wx.connectSocket: the SocketTask is the return value (base library ≥ 1.7.0). */
function wechatAdapter(api) {
  return {
    name: 'wechat',
    connect: function (request) {
      return api.connectSocket(connectOptions(request, { success: noop }));
    },
    send: function (task, data, success, fail) {
      task.send({ data: data, success: success, fail: fail });
    },
    message: function (res) {
      return res ? res.data : undefined;
    },
  };
}

/** uni.connectSocket returns a SocketTask only when success/fail/complete is passed. */
function uniAdapter(api) {
  var a = wechatAdapter(api);
  a.name = 'uni';
  a.connect = function (request) {
    return api.connectSocket(connectOptions(request, { success: noop, complete: noop }));
  };
  return a;
}

/**
 * my.connectSocket: `multiple: true` for a SocketTask (else the single global socket); binary
 * goes out as base64 with `isBuffer: true` and comes back as `{data, isBuffer}`.
 */
function alipayAdapter(api) {
  return {
    name: 'alipay',
    connect: function (request) {
      return api.connectSocket(connectOptions(request, { multiple: true, success: noop }));
    },
    send: function (task, data, success, fail) {
      if (typeof data === 'string') task.send({ data: data, success: success, fail: fail });
      else task.send({ data: base64.encode(data), isBuffer: true, success: success, fail: fail });
    },
    message: function (res) {
      if (!res) return undefined;
      var data = res.data;
      var isBuffer = res.isBuffer;
      // Some base libraries nest the payload: {data: {data, isBuffer}}.
      if (data && typeof data === 'object' && !(data instanceof ArrayBuffer) && 'data' in data) {
        isBuffer = data.isBuffer;
        data = data.data;
      }
      return isBuffer && typeof data === 'string' ? base64.decode(data) : data;
    },
  };
}

function isAlipayTaro(api) {
  try {
    return typeof api.getEnv === 'function' && String(api.getEnv()).toUpperCase() === 'ALIPAY';
  } catch (e) {
    return false;
  }
}

/**
 * Taro: when `Taro.miniGlobal` (the raw wx/my) is there, use it directly: its task comes back
 * synchronously, so no event can fire before the handlers are on. Otherwise Taro's own
 * connectSocket, whose Promise delivers the task after `success`; the facade then adopts it late
 * and recovers a missed open from `readyState` or from the first message.
 */
function taroAdapter(api) {
  var raw = api.miniGlobal;
  if (raw && typeof raw.connectSocket === 'function') {
    var inner = isAlipayTaro(api) ? alipayAdapter(raw) : wechatAdapter(raw);
    inner.name = 'taro';
    return inner;
  }
  var a = wechatAdapter(api);
  a.name = 'taro';
  a.connect = function (request) {
    return api.connectSocket(connectOptions(request, { success: noop }));
  };
  return a;
}

/**
 * The adapter for `host` over `api` (wx, Taro, uni or my).
 * @param {'wechat'|'taro'|'uni'|'alipay'} host
 * @param {any} api
 */
function adapterFor(host, api) {
  if (!api || typeof api.connectSocket !== 'function') {
    throw new TypeError("heartsocket: the '" + host + "' host API has no connectSocket; pass it as `api`");
  }
  switch (host) {
    case 'wechat': return wechatAdapter(api);
    case 'uni': return uniAdapter(api);
    case 'alipay': return alipayAdapter(api);
    case 'taro': return taroAdapter(api);
    default:
      throw new TypeError("heartsocket: host must be one of '" + HOSTS.join("', '") + "', got '" + host + "'");
  }
}

/**
 * The host's global API object when the caller did not pass one. Looked up by free name, since
 * mini-program module wrappers expose `wx`/`my`/`uni` as globals but not always on `globalThis`.
 * @param {string} host
 */
function defaultApi(host) {
  switch (host) {
    case 'wechat': return typeof wx !== 'undefined' ? wx : undefined; // eslint-disable-line no-undef
    case 'uni': return typeof uni !== 'undefined' ? uni : undefined; // eslint-disable-line no-undef
    case 'alipay': return typeof my !== 'undefined' ? my : undefined; // eslint-disable-line no-undef
    case 'taro': return undefined; // Taro is a module, not a global: the caller passes it
    default: return undefined;
  }
}

module.exports = { adapterFor: adapterFor, defaultApi: defaultApi, HOSTS: HOSTS };
