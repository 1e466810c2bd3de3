// @ts-check
// A chat page after the classic WeChat WebSocket tutorial (seed 004), on heartsocket: the page
// keeps the same shape (a list of messages with roles me/server, an empty message refused with a
// toast, the socket closed in onUnload) but the link survives drops, background and bad
// networks: heartbeat, reconnect with backoff, and sends made while offline wait in the outbox.
const { load } = require('heartsocket/miniprogram');

/** @typedef {{ id: number, content: string, role: 'me' | 'server' }} Line */
/** @typedef {InstanceType<import('heartsocket/miniprogram').Loaded['WebSocketClass']>} HeartSocket */

const STATUS_TEXT = {
  connecting: '连接中…',
  online: '已连接',
  reconnecting: '重新连接中…',
  closed: '已断开',
};

Page({
  data: {
    content: '',
    /** @type {Line[]} */
    list: [],
    lastId: '',
    status: 'connecting',
    statusText: STATUS_TEXT.connecting,
  },
  /** @type {HeartSocket | null} */
  ws: null,
  message: '',
  unloaded: false,

  onLoad() {
    const { serverUrl, dev } = /** @type {{globalData: {serverUrl: string, dev: boolean}}} */ (getApp()).globalData;
    // Instantiates the wasm once per app (WXWebAssembly, from miniprogram_npm/heartsocket/).
    load({ host: 'wechat' }).then(({ WebSocketClass }) => {
      if (this.unloaded) return; // the user left before the module was ready
      const ws = new WebSocketClass(serverUrl, (data) => this.receive(data), {
        name: 'chat',
        secureOnly: !dev,
        heartbeat: { interval: 10000, timeout: 5000 },
      });
      ws.onopen = () => this.setStatus('online');
      ws.onclose = (/** @type {import('heartsocket').HeartSocketCloseEvent} */ e) =>
        this.setStatus(e.willReconnect ? 'reconnecting' : 'closed');
      ws.connect();
      this.ws = ws;
    }, (err) => {
      console.error('heartsocket failed to load', err);
      this.setStatus('closed');
      wx.showToast({ title: '连接组件加载失败', icon: 'none', duration: 2000 });
    });
  },

  onUnload() {
    this.unloaded = true;
    if (this.ws) {
      this.ws.close(); // manual close: no reconnect after the page is gone
      this.ws.free();
      this.ws = null;
    }
  },

  /** @param {WechatMiniprogram.Input} e */
  input(e) {
    this.message = e.detail.value;
  },

  send() {
    if (!this.message) {
      wx.showToast({ title: '消息不能为空', icon: 'none', duration: 2000 });
      return;
    }
    if (!this.ws) {
      wx.showToast({ title: '尚未连接', icon: 'none', duration: 2000 });
      return;
    }
    // Sent now if the link is up, else queued and sent after the reconnect, in order, once.
    this.ws.send(this.message);
    this.push(this.message, 'me');
    this.message = '';
    this.setData({ content: '' });
  },

  /** @param {unknown} data */
  receive(data) {
    let content = typeof data === 'string' ? data : `[${/** @type {ArrayBuffer} */ (data).byteLength} bytes]`;
    // The tutorial's server answers {"content": "..."}; an echo server answers the text itself.
    if (typeof data === 'string' && data.startsWith('{')) {
      try {
        const parsed = JSON.parse(data);
        if (parsed && typeof parsed.content === 'string') content = parsed.content;
      } catch (err) { /* not JSON: show it as is */ }
    }
    this.push(content, 'server');
  },

  /**
   * @param {string} content
   * @param {'me' | 'server'} role
   */
  push(content, role) {
    const list = this.data.list;
    const id = list.length;
    list.push({ id, content, role });
    this.setData({ list, lastId: `msg-${id}` });
  },

  /** @param {'connecting' | 'online' | 'reconnecting' | 'closed'} status */
  setStatus(status) {
    if (this.unloaded) return;
    this.setData({ status, statusText: STATUS_TEXT[status] });
  },
});
