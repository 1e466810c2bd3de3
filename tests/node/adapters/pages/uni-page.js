// A uni-app-like mini-program page, bundled by uniapp.test.mjs into CommonJS the way uni-app's
// build puts Vue and the page into the code package: `vue` is @vue/runtime-core driven by a
// custom renderer over plain objects (uni-mp-vue is such a renderer; a mini-program has no DOM),
// and the class comes from heartsocket/miniprogram's load(), required from miniprogram_npm.
import { createRenderer, defineComponent, h } from 'vue';
import { createHeartsocket } from '../../../../pkg/vue/index.js';

// eslint-disable-next-line no-undef -- CommonJS require, kept external by the bundler
const { load } = require('../miniprogram_npm/heartsocket/index.js');

// What an app's own module does once: bind the composable to the host's class.
const useHeartsocket = createHeartsocket(() => load({ host: 'uni', wasmPath: '/miniprogram_npm/heartsocket/heartsocket_bg.wasm.br' }));

/** A renderer over plain objects: enough of a view tree for Vue to mount and unmount into. */
function objectRenderer() {
  const remove = (child) => {
    const p = child.parent;
    if (p) p.children.splice(p.children.indexOf(child), 1);
    child.parent = null;
  };
  return createRenderer({
    createElement: (tag) => ({ tag, props: {}, children: [], parent: null }),
    createText: (text) => ({ text, parent: null }),
    createComment: (text) => ({ comment: text, parent: null }),
    setText: (node, text) => { node.text = text; },
    setElementText: (el, text) => { el.children = [{ text, parent: el }]; },
    insert: (child, parent, anchor) => {
      if (child.parent) remove(child);
      const at = anchor ? parent.children.indexOf(anchor) : -1;
      if (at >= 0) parent.children.splice(at, 0, child);
      else parent.children.push(child);
      child.parent = parent;
    },
    remove,
    parentNode: (node) => node.parent,
    nextSibling: (node) => {
      const p = node.parent;
      return p ? p.children[p.children.indexOf(node) + 1] ?? null : null;
    },
    patchProp: (el, key, prev, next) => { el.props[key] = next; },
  });
}

const { createApp } = objectRenderer();

/**
 * Mounts the chat page (onLoad) and returns what it renders and records; `unload()` is onUnload.
 * @param {string} url @param {object} options heartsocket options for the page's socket
 */
export function openPage(url, options) {
  const rec = { statuses: [], messages: [], drops: [], early: [] };
  const Page = defineComponent({
    setup() {
      const api = useHeartsocket(url, {
        ...options,
        onMessage: (data) => rec.messages.push(data),
        onDrop: (e) => rec.drops.push({ data: e.data, reason: e.reason }),
      });
      rec.api = api;
      rec.early.push(api.send('from-setup'));
      return () => {
        const s = api.status.value;
        if (rec.statuses[rec.statuses.length - 1] !== s) rec.statuses.push(s);
        return h('view', { class: 'chat' }, [h('text', null, s), h('text', null, String(api.data.value ?? ''))]);
      };
    },
  });
  const root = { tag: 'page', props: {}, children: [], parent: null };
  const app = createApp(Page);
  app.mount(root);
  return { rec, root, unload: () => app.unmount() };
}
