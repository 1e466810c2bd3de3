// The React test page (bundled by ../lib.mjs with esbuild, once against React 18 and once against
// React 19): components that use heartsocket/react on the web build, whose class needs
// `await init()` first. Each mounted root records what its component rendered and what its
// callbacks and effects saw, in window.hs.rec[id].
import { StrictMode, createElement as h, useEffect, version } from 'react';
import { createRoot } from 'react-dom/client';
import init, { WebSocketClass } from '../../../../pkg/heartsocket.js';
import { createHeartsocket } from '../../../../pkg/react/index.js';

let loads = 0;
const load = () => {
  loads += 1;
  return init().then(() => WebSocketClass);
};
const useHeartsocket = createHeartsocket(load);
const roots = new Map();
const rec = {};

function Page({ id, url, options, extra }) {
  const r = rec[id];
  const api = useHeartsocket(url, {
    ...options,
    onMessage: (data) => r.messages.push(data),
    onDrop: (e) => r.drops.push({ data: e.data, reason: e.reason }),
  });
  r.api = api;
  r.renders += 1;
  if (r.statuses[r.statuses.length - 1] !== api.status) r.statuses.push(api.status);
  // Which send each committed render handed out (renders React 18 throws away are not seen here).
  useEffect(() => {
    if (r.sends[r.sends.length - 1] !== api.send) r.sends.push(api.send);
  });
  // Each run of this effect (twice under StrictMode) sends one numbered message, before open.
  useEffect(() => {
    r.effectRuns += 1;
    for (const m of extra.onMount ?? []) r.early.push(api.send(`${m}-${r.effectRuns}`));
  }, [api.send]);
  return h('p', { className: 'status' }, `${api.status} ${api.data ?? ''}`);
}

window.hs = {
  rec,
  version,
  loads: () => loads,
  /** @param {string} id @param {string} url @param {object} options @param {{strict?: boolean, onMount?: string[]}} extra */
  mount(id, url, options = {}, extra = {}) {
    rec[id] = { statuses: [], messages: [], drops: [], early: [], sends: [], renders: 0, effectRuns: 0 };
    const el = document.createElement('div');
    el.id = id;
    document.body.append(el);
    const root = createRoot(el);
    roots.set(id, { root, el, props: { id, url, options, extra } });
    window.hs.rerender(id, url);
    return true;
  },
  /** Renders root `id` again with another URL (a parent passing a new prop). */
  rerender(id, url) {
    const entry = roots.get(id);
    entry.props = { ...entry.props, url };
    const page = h(Page, entry.props);
    entry.root.render(entry.props.extra.strict ? h(StrictMode, null, page) : page);
    return true;
  },
  call(id, fn, ...args) {
    return rec[id].api[fn](...args);
  },
  seen(id) {
    const { api, sends, ...r } = rec[id];
    return { ...r, stableSend: sends.length === 1, status: api.status, data: api.data, stats: api.stats, error: api.error && String(api.error) };
  },
  unmount(id) {
    const { root, el } = roots.get(id);
    root.unmount();
    el.remove();
    roots.delete(id);
  },
};
document.documentElement.dataset.ready = 'true';
