// The Vue test page (bundled by ../lib.mjs with esbuild): components that use heartsocket/vue
// on the web build, whose class needs `await init()` first. Each mounted component records what
// it rendered and what its callbacks saw, in window.hs.rec[id], for the test to read.
import { createApp, defineComponent, h } from 'vue';
import init, { WebSocketClass } from '../../../../pkg/heartsocket.js';
import { createHeartsocket } from '../../../../pkg/vue/index.js';

let loads = 0;
const useHeartsocket = createHeartsocket(() => {
  loads += 1;
  return init().then(() => WebSocketClass);
});
const apps = new Map();
const rec = {};

window.hs = {
  rec,
  loads: () => loads,
  /**
   * Mounts a component. `early` messages are sent from setup: before mount, before init().
   * @param {string} id @param {string} url @param {object} options @param {{early?: string[]}} extra
   */
  mount(id, url, options = {}, extra = {}) {
    const r = (rec[id] = { statuses: [], messages: [], drops: [], early: [], renders: 0 });
    const el = document.createElement('div');
    el.id = id;
    document.body.append(el);
    const Page = defineComponent({
      setup() {
        const api = useHeartsocket(url, {
          ...options,
          onMessage: (data) => r.messages.push(data),
          onDrop: (e) => r.drops.push({ data: e.data, reason: e.reason }),
        });
        r.api = api;
        for (const m of extra.early ?? []) r.early.push(api.send(m));
        // What the component sees: its status at each render, consecutive repeats merged.
        return () => {
          r.renders += 1;
          const s = api.status.value;
          if (r.statuses[r.statuses.length - 1] !== s) r.statuses.push(s);
          return h('p', { class: 'status' }, `${s} ${api.data.value ?? ''}`);
        };
      },
    });
    const app = createApp(Page);
    app.mount(el);
    apps.set(id, { app, el });
    return true;
  },
  call(id, fn, ...args) {
    return rec[id].api[fn](...args);
  },
  /** A JSON-safe copy of what component `id` saw. */
  seen(id) {
    const { api, ...r } = rec[id];
    return { ...r, status: api.status.value, data: api.data.value, stats: api.stats.value, error: api.error.value && String(api.error.value) };
  },
  unmount(id) {
    const { app, el } = apps.get(id);
    app.unmount();
    el.remove();
    apps.delete(id);
  },
};
document.documentElement.dataset.ready = 'true';
