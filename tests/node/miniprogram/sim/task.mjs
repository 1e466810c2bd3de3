// @ts-check
// A simulated mini-program SocketTask backed by a real socket (`ws`) to the project's server,
// with the documented quirks that make a naive wrapper fail:
// - connectSocket `success` fires before the socket is open (seed 000);
// - an error is followed by a close, and an abnormal close is preceded by an error;
// - send fails (through `fail`, never a throw) when the socket is not open;
// - close() before open does not close (wx.closeSocket docs: it must be called once open);
// - close reason longer than 123 UTF-8 bytes, or a code other than 1000/3000–4999, fails;
// - while the app is suspended (≈5 s after onAppHide) the socket is cut with 'interrupted';
// - data is a string or an ArrayBuffer (WeChat), or base64 text with isBuffer (Alipay).
import WebSocket from 'ws';

const NOT_CONNECTED = 'WebSocket is not connected';

/** @param {unknown} x */
export function isArrayBuffer(x) {
  return Object.prototype.toString.call(x) === '[object ArrayBuffer]';
}

/**
 * @typedef {object} Flavor
 * @property {'wechat'|'alipay'} wire how binary travels: ArrayBuffer, or base64 + isBuffer
 * @property {boolean} readyState whether the task exposes `readyState` (Taro H5 tasks do)
 */

/**
 * @typedef {object} TaskHost the simulated host a task belongs to
 * @property {(entry: object) => void} log
 * @property {(task: SimSocketTask) => void} release frees the task's slot in the 5-socket budget
 * @property {() => boolean} suspended
 * @property {(task: SimSocketTask) => boolean} consumeSendFailure true when this send must fail (test knob)
 * @property {number} interruptCode
 */

/** The SocketTask the simulated connectSocket returns. */
export class SimSocketTask {
  /**
   * @param {TaskHost} host
   * @param {number} id
   * @param {string} url
   * @param {string[]} protocols
   * @param {Flavor} flavor
   */
  constructor(host, id, url, protocols, flavor) {
    this.host = host;
    this.id = id;
    this.url = url;
    this.protocols = protocols;
    this.flavor = flavor;
    /** @type {'connecting'|'open'|'closing'|'closed'} */
    this.state = 'connecting';
    /** @type {Record<'open'|'message'|'error'|'close', Function[]>} */
    this.listeners = { open: [], message: [], error: [], close: [] };
    /** @type {WebSocket|null} */
    this.ws = null;
    this.errored = false;
    /** Set by the host's breakSends(): every send on this task fails. */
    this.sendBroken = false;
    if (flavor.readyState) {
      Object.defineProperty(this, 'readyState', {
        get: () => ['connecting', 'open', 'closing', 'closed'].indexOf(this.state),
      });
    }
  }

  /** @param {Function} cb */ onOpen(cb) { this.listeners.open.push(cb); }
  /** @param {Function} cb */ onMessage(cb) { this.listeners.message.push(cb); }
  /** @param {Function} cb */ onError(cb) { this.listeners.error.push(cb); }
  /** @param {Function} cb */ onClose(cb) { this.listeners.close.push(cb); }

  /**
   * @param {'open'|'message'|'error'|'close'} type
   * @param {object} res
   */
  emit(type, res) {
    this.host.log({ task: this.id, ev: type, ...(type === 'message' ? {} : res) });
    for (const cb of this.listeners[type].slice()) cb(res);
  }

  /** Opens the real socket: called by the host after connectSocket's `success` has fired. */
  start() {
    if (this.state !== 'connecting') return;
    const ws = new WebSocket(this.url, this.protocols, { perMessageDeflate: false });
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.on('open', () => {
      if (this.ws !== ws || this.state !== 'connecting') return;
      this.state = 'open';
      this.emit('open', { header: { 'Sec-WebSocket-Protocol': ws.protocol }, profile: {} });
    });
    ws.on('message', (/** @type {ArrayBuffer|Buffer} */ data, /** @type {boolean} */ isBinary) => {
      if (this.ws !== ws || (this.state !== 'open' && this.state !== 'closing')) return;
      if (!isBinary) {
        const text = Buffer.from(/** @type {ArrayBuffer} */ (data)).toString('utf8');
        this.emit('message', this.flavor.wire === 'alipay' ? { data: text, isBuffer: false } : { data: text });
      } else if (this.flavor.wire === 'alipay') {
        this.emit('message', { data: Buffer.from(/** @type {ArrayBuffer} */ (data)).toString('base64'), isBuffer: true });
      } else {
        this.emit('message', { data });
      }
    });
    ws.on('error', (/** @type {Error} */ err) => {
      if (this.ws !== ws) return;
      this.fail(err.message);
    });
    ws.on('close', (/** @type {number} */ code, /** @type {Buffer} */ reason) => {
      if (this.ws !== ws) return;
      if (code === 1006 && !this.errored) this.fail('abnormal closure');
      this.finish(code, reason.toString('utf8'));
    });
  }

  /** @param {string} message */
  fail(message) {
    if (this.errored || this.state === 'closed') return;
    this.errored = true;
    const res = this.flavor.wire === 'alipay'
      ? { error: 1, errorMessage: message }
      : { errMsg: message };
    this.emit('error', res);
  }

  /**
   * @param {number} code
   * @param {string} reason
   */
  finish(code, reason) {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.host.release(this);
    this.emit('close', { code, reason });
  }

  /** The app was suspended: the host cuts the socket and says so with 'interrupted'. */
  interrupt() {
    if (this.state === 'closed') return;
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.terminate();
    this.finish(this.host.interruptCode, 'interrupted');
  }

  /**
   * @param {{data: string|ArrayBuffer, isBuffer?: boolean, success?: Function, fail?: Function, complete?: Function}} opt
   */
  send(opt) {
    const { success, fail, complete } = opt;
    const done = (/** @type {boolean} */ ok, /** @type {string} */ errMsg) => setImmediate(() => {
      this.host.log({ task: this.id, ev: ok ? 'send-ok' : 'send-fail', errMsg });
      if (ok) success?.({ errMsg: 'sendSocketMessage:ok' });
      else fail?.({ errMsg: `sendSocketMessage:fail ${errMsg}` });
      complete?.({ errMsg });
    });
    if (this.host.suspended()) return done(false, 'interrupted');
    if (this.state !== 'open' || !this.ws) return done(false, NOT_CONNECTED);
    /** @type {string|Buffer} */
    let payload;
    if (this.flavor.wire === 'alipay') {
      if (typeof opt.data !== 'string') return done(false, 'parameter error: data should be String');
      payload = opt.isBuffer ? Buffer.from(opt.data, 'base64') : opt.data;
    } else if (typeof opt.data === 'string') {
      payload = opt.data;
    } else if (isArrayBuffer(opt.data)) {
      payload = Buffer.from(new Uint8Array(opt.data).slice());
    } else {
      return done(false, 'parameter error: parameter.data should be String/ArrayBuffer');
    }
    if (this.host.consumeSendFailure(this)) return done(false, 'simulated native send failure');
    this.ws.send(payload, { binary: typeof payload !== 'string' }, (err) => done(!err, err ? err.message : ''));
  }

  /**
   * @param {{code?: number, reason?: string, success?: Function, fail?: Function, complete?: Function}} [opt]
   */
  close(opt = {}) {
    const { code, reason = '', success, fail, complete } = opt;
    const done = (/** @type {boolean} */ ok, /** @type {string} */ errMsg) => setImmediate(() => {
      this.host.log({ task: this.id, ev: ok ? 'close-ok' : 'close-fail', errMsg });
      if (ok) success?.({ errMsg: 'closeSocket:ok' });
      else fail?.({ errMsg: `closeSocket:fail ${errMsg}` });
      complete?.({ errMsg });
    });
    if (this.state === 'connecting') return done(false, NOT_CONNECTED);
    if (this.state !== 'open' || !this.ws) return done(false, NOT_CONNECTED);
    if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
      return done(false, `invalid code ${code}`);
    }
    if (Buffer.byteLength(reason, 'utf8') > 123) return done(false, 'reason longer than 123 bytes');
    this.state = 'closing';
    this.ws.close(code ?? 1000, reason);
    done(true, '');
  }
}
