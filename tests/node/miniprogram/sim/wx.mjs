// @ts-check
// A simulated `wx` (and the host core shared by the Taro, uni and Alipay simulators): real
// sockets, the documented connectSocket/SocketTask semantics, app lifecycle and network events,
// and the limits that bite on devices (5 sockets at once, network cut ≈5 s after onAppHide).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SimSocketTask } from './task.mjs';

/**
 * @typedef {object} SimOptions
 * @property {number} [maxSockets] sockets allowed at once (5 on WeChat ≥ 1.7.0, and Alipay)
 * @property {number} [interruptAfterMs] delay between onAppHide and the network cut (≈5000 on devices)
 * @property {number} [interruptCode] the code on an 'interrupted' close (1000 and 0 are both seen)
 * @property {boolean} [taskReadyState] tasks expose readyState (Taro H5 tasks do; WeChat's do not)
 * @property {'wechat'|'alipay'} [wire] how binary data travels
 * @property {string} [packageRoot] folder that code-package paths ('/…') map to
 */

/** The host state a simulator runs on; `wx`, `Taro`, `uni` and `my` are faces of it. */
export class SimHost {
  /** @param {SimOptions} [opts] */
  constructor(opts = {}) {
    this.maxSockets = opts.maxSockets ?? 5;
    this.interruptAfterMs = opts.interruptAfterMs ?? 5000;
    this.interruptCode = opts.interruptCode ?? 1000;
    this.flavor = { wire: opts.wire ?? 'wechat', readyState: !!opts.taskReadyState };
    this.packageRoot = opts.packageRoot ?? process.cwd();
    /** @type {Set<SimSocketTask>} */
    this.live = new Set();
    /** @type {SimSocketTask[]} */
    this.all = [];
    /** @type {object[]} */
    this.events = [];
    this.hidden = false;
    this.isSuspended = false;
    this.online = true;
    this.sendFailures = 0;
    /** @type {ReturnType<typeof setTimeout>|null} */
    this.suspendTimer = null;
    /** @type {Record<'hide'|'show'|'network', Set<Function>>} */
    this.listeners = { hide: new Set(), show: new Set(), network: new Set() };
    this.nextId = 1;
  }

  /** @param {object} entry */
  log(entry) { this.events.push({ at: Date.now(), ...entry }); }
  /** @param {SimSocketTask} task */
  release(task) { this.live.delete(task); }
  suspended() { return this.isSuspended; }
  /** @param {SimSocketTask} task */
  consumeSendFailure(task) {
    if (task.sendBroken) return true;
    if (this.sendFailures <= 0) return false;
    this.sendFailures--;
    return true;
  }

  /**
   * connectSocket as WeChat documents it. Returns the task (an inert one when the call fails:
   * the failure is only told through `fail`).
   * @param {{url: string, protocols?: string[], success?: Function, fail?: Function, complete?: Function}} opt
   * @param {{requireMultiple?: boolean, multiple?: boolean}} [mode]
   */
  connect(opt, mode = {}) {
    const id = this.nextId++;
    this.log({ task: id, ev: 'connect', url: opt.url });
    const settle = (/** @type {boolean} */ ok, /** @type {string} */ errMsg) => setImmediate(() => {
      this.log({ task: id, ev: ok ? 'success' : 'connect-fail', errMsg });
      if (ok) opt.success?.({ errMsg: 'connectSocket:ok', socketTaskId: id });
      else opt.fail?.({ errMsg: `connectSocket:fail ${errMsg}` });
      opt.complete?.({ errMsg });
    });
    const task = new SimSocketTask(this, id, opt.url, opt.protocols ?? [], this.flavor);
    this.all.push(task);
    if (typeof opt.url !== 'string' || !/^wss?:\/\//.test(opt.url)) {
      settle(false, 'invalid url');
      task.state = 'closed';
      return task;
    }
    if (this.isSuspended) {
      settle(false, 'jsapi has no permission, runningState=suspend, detail=network api interrupted in suspend state');
      task.state = 'closed';
      return task;
    }
    if (this.live.size >= this.maxSockets) {
      settle(false, `exceed max task count (${this.maxSockets} sockets at most)`);
      task.state = 'closed';
      return task;
    }
    this.live.add(task);
    settle(true, 'connectSocket:ok');
    // The real connection starts after `success` has been delivered: success comes before open.
    setImmediate(() => setImmediate(() => {
      if (!this.online) {
        task.fail('network is down');
        task.finish(1006, 'network is down');
      } else {
        task.start();
      }
    }));
    return task;
  }

  /** The app goes to the background; its network is cut `interruptAfterMs` later. */
  hide() {
    this.hidden = true;
    for (const cb of [...this.listeners.hide]) cb({ path: 'pages/chat/chat', query: {}, scene: 1001 });
    if (this.suspendTimer) clearTimeout(this.suspendTimer);
    this.suspendTimer = setTimeout(() => {
      this.suspendTimer = null;
      if (!this.hidden) return;
      this.isSuspended = true;
      for (const task of [...this.live]) task.interrupt();
    }, this.interruptAfterMs);
  }

  /** The app comes back to the foreground: network calls work again. */
  show() {
    if (this.suspendTimer) { clearTimeout(this.suspendTimer); this.suspendTimer = null; }
    this.hidden = false;
    this.isSuspended = false;
    for (const cb of [...this.listeners.show]) cb({ path: 'pages/chat/chat', query: {}, scene: 1001 });
  }

  /** @param {boolean} connected */
  setNetwork(connected) {
    this.online = connected;
    const res = { isConnected: connected, networkType: connected ? 'wifi' : 'none' };
    for (const cb of [...this.listeners.network]) cb(res);
  }

  /** @param {number} n the next n sends fail through `fail` (a native send failure) */
  failNextSends(n) { this.sendFailures = n; }

  /**
   * The live sockets break silently: every later send on them fails through `fail`, while they
   * stay open until someone closes them (new sockets work).
   */
  breakSends() { for (const task of this.live) task.sendBroken = true; }

  /** Reads a code-package file ('/a/b' or 'a/b', relative to the package root). */
  /** @param {string} p */
  readPackageFile(p) {
    const rel = p.replace(/^\/+/, '');
    if (rel.split('/').includes('..')) throw new Error(`readFileSync:fail permission denied, open ${p}`);
    const buf = readFileSync(path.join(this.packageRoot, rel));
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  }

  /** Closes every real socket (test teardown). */
  dispose() {
    if (this.suspendTimer) clearTimeout(this.suspendTimer);
    for (const task of this.all) task.ws?.terminate();
  }
}

/**
 * The lifecycle/network functions of wx, also used by the other simulated hosts.
 * @param {SimHost} host
 */
export function lifecycleApi(host) {
  /** @param {'hide'|'show'|'network'} kind */
  const on = (kind) => (/** @type {Function} */ cb) => { host.listeners[kind].add(cb); };
  // As documented for wx.off…: without a listener, every listener of that event is removed.
  /** @param {'hide'|'show'|'network'} kind */
  const off = (kind) => (/** @type {Function|undefined} */ cb) => {
    if (cb === undefined) host.listeners[kind].clear();
    else host.listeners[kind].delete(cb);
  };
  return {
    onAppHide: on('hide'), offAppHide: off('hide'),
    onAppShow: on('show'), offAppShow: off('show'),
    onNetworkStatusChange: on('network'), offNetworkStatusChange: off('network'),
  };
}

/**
 * The part of `wx` heartsocket touches, typed against miniprogram-api-typings.
 * @typedef {Pick<WechatMiniprogram.Wx, 'connectSocket'|'onAppHide'|'offAppHide'|'onAppShow'|'offAppShow'|'onNetworkStatusChange'|'offNetworkStatusChange'|'getFileSystemManager'>} SimWx
 */

/**
 * Creates a simulated `wx`.
 * @param {SimOptions} [opts]
 * @returns {{wx: SimWx, sim: SimHost}}
 */
export function createWx(opts = {}) {
  const sim = new SimHost({ ...opts, wire: 'wechat' });
  const life = lifecycleApi(sim);
  /** @type {SimWx} */
  const wx = {
    connectSocket: (option) => /** @type {WechatMiniprogram.SocketTask} */ (/** @type {unknown} */ (sim.connect(option))),
    onAppHide: life.onAppHide,
    offAppHide: life.offAppHide,
    onAppShow: life.onAppShow,
    offAppShow: life.offAppShow,
    onNetworkStatusChange: life.onNetworkStatusChange,
    offNetworkStatusChange: life.offNetworkStatusChange,
    getFileSystemManager: () => /** @type {WechatMiniprogram.FileSystemManager} */ (/** @type {unknown} */ ({
      readFileSync: (/** @type {string} */ p) => sim.readPackageFile(p),
    })),
  };
  return { wx, sim };
}
