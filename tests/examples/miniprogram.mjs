// Running a built mini-program in the sandbox of tests/node/miniprogram/: the host (wx, Taro or
// uni simulator over real sockets), App/Page/getApp as the native framework offers them, and the
// server URL the example has compiled in (its local dev server) pointed at the test's server.
import { createSandbox } from '../node/miniprogram/sandbox.mjs';

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
