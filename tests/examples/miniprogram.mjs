// Running a built mini-program in the sandbox of tests/node/miniprogram/: the host (wx, Taro or
// uni simulator over real sockets), App/Page/getApp as the native framework offers them, and the
// server URL the example has compiled in (its local dev server) pointed at the test's server.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSandbox } from '../node/miniprogram/sandbox.mjs';
import { control } from '../node/lib/server.mjs';
import { clientId, echoDropReconnect, waitFor } from './lib.mjs';

/**
 * A simulated host API whose connectSocket sends the example's dev URL to `server` instead,
 * with the test's client id. Toasts are recorded.
 * @param {object} api a simulator from tests/node/miniprogram/sim/
 * @param {{host: string}} server
 * @param {string} client
 */
export function pointedAt(api, server, client) {
  const toasts = [];
  const rewrite = (url) => {
    const u = new URL(url);
    u.host = server.host;
    u.searchParams.set('client', client);
    return u.href;
  };
  const wrapped = {
    ...api,
    connectSocket: (opt) => api.connectSocket({ ...opt, url: rewrite(opt.url) }),
    showToast: (opt) => { toasts.push(opt.title); },
    // What framework runtimes (uni-app, Taro) read at start-up.
    getSystemInfoSync: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, platform: 'devtools',
      language: 'zh_CN', system: 'iOS 16.0', SDKVersion: '3.0.0', version: '8.0.40' }),
    getStorageSync: () => '',
    setStorage: () => {},
    getLaunchOptionsSync: () => ({ path: '', query: {}, scene: 1001 }),
  };
  return { api: wrapped, toasts };
}

/**
 * A sandbox at `appRoot` with App/Page/Component/getApp recording what the app registers.
 * @param {string} appRoot
 * @param {object} globals host objects (wx, uni…)
 */
export function framework(appRoot, globals) {
  const reg = { app: null, pages: [], components: [] };
  const sb = createSandbox({
    appRoot,
    globals: {
      ...globals,
      App: (o) => { reg.app = o; },
      Page: (o) => { reg.pages.push(o); },
      Component: (o) => { reg.components.push(o); },
      getApp: () => reg.app,
      getCurrentPages: () => [],
    },
  });
  // WeChat's app service has `global`, the global object (framework runtimes register on it).
  sb.sandbox.global = sb.run('this');
  return { sb, reg };
}

/**
 * A native page instance from its Page() options: `data` copied, `setData` merging into it and
 * recording every `status` it sets.
 */
export function pageInstance(def, route) {
  const page = { ...def, route, data: JSON.parse(JSON.stringify(def.data || {})), statuses: [] };
  page.setData = (patch, cb) => {
    Object.assign(page.data, patch);
    if ('status' in patch) page.statuses.push(patch.status);
    if (cb) cb();
  };
  return page;
}

/** setData's path keys: "list[2].text" sets data.list[2].text. */
function setPath(data, key, value) {
  const parts = key.replace(/\.?\[(\d+)\]/g, '.$1').split('.');
  let o = data;
  for (const p of parts.slice(0, -1)) {
    if (o[p] === undefined) o[p] = /^\d+$/.test(p) ? {} : {};
    o = o[p];
  }
  o[parts[parts.length - 1]] = value;
}

/**
 * A page registered with Component() (uni-app's pages) as WeChat instantiates it: properties
 * at their defaults, methods on the instance, path-aware setData; `attached` then `onLoad`
 * then `ready`, as the framework calls them.
 */
export function componentPage(def, route) {
  const properties = Object.fromEntries(Object.entries(def.properties || {})
    .map(([k, v]) => [k, v && typeof v === 'object' && 'value' in v ? v.value : '']));
  const page = {
    ...def.methods, route, is: route, properties, data: { ...(def.data || {}) }, patches: [],
    setData(patch, cb) {
      this.patches.push(patch);
      for (const [k, v] of Object.entries(patch)) setPath(this.data, k, v);
      if (cb) cb();
    },
    selectAllComponents: () => [],
    selectComponent: () => null,
    triggerEvent() {},
    getOpenerEventChannel: () => ({}),
  };
  if (def.created) def.created.call(page);
  return {
    page,
    load() {
      def.lifetimes.attached.call(page);
      page.onLoad({});
      def.lifetimes.ready.call(page);
    },
    unload() {
      page.onUnload();
      def.lifetimes.detached.call(page);
    },
  };
}

/** A WeChat event as the renderer hands it to a handler. */
export const wxEvent = (type, detail = {}) =>
  ({ type, detail, target: { id: '', dataset: {} }, currentTarget: { id: '', dataset: {} }, timeStamp: Date.now() });

/**
 * What a compiled page's WXML binds, read from the template the way the renderer reads it: the
 * data key of the status class, the message list and its text/role keys, and the handler keys
 * of the input and the send button (uni-app's compiler names them a, b, c…).
 */
export function readBindings(wxml) {
  const m = (re, what) => {
    const r = re.exec(wxml);
    if (!r) throw new Error(`${what} not found in the page's WXML:\n${wxml}`);
    return r[1];
  };
  return {
    status: m(/class="\{\{\['status', (\w+)\]\}\}"/, 'the status class'),
    list: m(/wx:for="\{\{(\w+)\}\}"/, 'the message list'),
    text: m(/class="bubble">\{\{\w+\.(\w+)\}\}/, 'the message text'),
    role: m(/class="\{\{\['line', \w+\.(\w+)\]\}\}"/, 'the message role'),
    input: m(/bindinput="\{\{(\w+)\}\}"/, 'the input handler'),
    send: m(/bindtap="\{\{(\w+)\}\}"/, 'the send handler'),
  };
}

/**
 * A uni-app page compiled for mp-weixin, run from `appRoot` in the sandbox over the simulated
 * host, driven through its own compiled template bindings: echo, drop, reconnect, echo, unload.
 */
export async function runUniPage({ appRoot, route, server, sims, api: rawApi, sim, label }) {
  sims.push(sim);
  const client = clientId(label);
  const { api } = pointedAt(rawApi, server, client);
  const { sb, reg } = framework(appRoot, { wx: api });
  sb.require('/app.js');
  reg.app.onLaunch({});
  sb.require(`/${route}.js`);
  const def = reg.components.at(-1);
  const b = readBindings(readFileSync(path.join(appRoot, `${route}.wxml`), 'utf8'));
  const { page, load, unload } = componentPage(def, route);
  load();
  const states = () => page.patches.filter((p) => b.status in p).map((p) => p[b.status]);
  try {
    await echoDropReconnect({
      opens: () => states().filter((s) => s === 'online').length,
      send: (text) => {
        page[page.data[b.input]](wxEvent('input', { value: text }));
        page[page.data[b.send]](wxEvent('tap'));
      },
      echoes: () => (page.data[b.list] || []).filter((l) => l[b.role] === 'server').map((l) => l[b.text]),
      states,
    }, server, client);
  } finally {
    unload(); // also after a failure: no socket or timer may outlive the test
  }
  await waitFor(async () => (await control(server, 'stats', { client })).open === 0, 'the socket closed on unload');
  return { sb };
}

/** Every node of a Taro page's data tree (`root.cn` children, `cl` class, `v` text, `sid` id). */
function taroNodes(node, out = []) {
  if (!node || typeof node !== 'object') return out;
  out.push(node);
  for (const c of node.cn || []) taroNodes(c, out);
  return out;
}
const hasClass = (n, c) => typeof n.cl === 'string' && n.cl.split(' ').includes(c);
const textOf = (n) => taroNodes(n).map((x) => x.v ?? '').join('');

/**
 * A Taro (React) page compiled for weapp, run from `appRoot` in the sandbox: app.js registers
 * the app, the page registers with Page(); its React tree reaches us as setData of a node tree,
 * and events go back through the page's `eh` handler with the node's id, as WeChat's renderer
 * sends them. Echo, drop, reconnect, echo, unload.
 */
export async function runTaroPage({ appRoot, route, server, sims, api: rawWx, sim, label }) {
  sims.push(sim);
  const client = clientId(label);
  const { api: wx } = pointedAt(rawWx, server, client);
  const { sb, reg } = framework(appRoot, { wx });
  sb.require('/app.js');
  reg.app.onLaunch({});
  sb.require(`/${route}.js`);
  const def = reg.pages.at(-1);
  const states = [];
  const page = {
    ...def, route, data: { ...(def.data || {}) },
    setData(patch, cb) {
      for (const [k, v] of Object.entries(patch)) setPath(this.data, k, v);
      const status = taroNodes(this.data.root).find((n) => hasClass(n, 'status'));
      const state = status && ['connecting', 'online', 'reconnecting', 'closed'].find((c) => hasClass(status, c));
      if (state && states.at(-1) !== state) states.push(state);
      if (cb) cb();
    },
    selectComponent: () => null,
    getOpenerEventChannel: () => ({}),
  };
  page.onLoad({});
  page.onReady();
  const node = (cls) => {
    const n = taroNodes(page.data.root).find((x) => hasClass(x, cls));
    if (!n) throw new Error(`no .${cls} node in the page's tree`);
    return n;
  };
  const fire = (cls, type, detail) => {
    const { sid } = node(cls);
    page.eh({ ...wxEvent(type, detail), target: { id: sid, dataset: {} }, currentTarget: { id: sid, dataset: {} } });
  };
  try {
    await echoDropReconnect({
      opens: () => states.filter((s) => s === 'online').length,
      send: (text) => { fire('input', 'input', { value: text }); fire('send', 'tap', {}); },
      echoes: () => taroNodes(page.data.root).filter((n) => hasClass(n, 'line') && hasClass(n, 'server')).map(textOf),
      states: () => states,
    }, server, client);
  } finally {
    page.onUnload(); // also after a failure: no socket or timer may outlive the test
  }
  await waitFor(async () => (await control(server, 'stats', { client })).open === 0, 'the socket closed on unload');
  return { sb };
}
