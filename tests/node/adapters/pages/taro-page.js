// A Taro-like mini-program page, bundled by taro.test.mjs into CommonJS for the mini-program
// sandbox: React 19 rendered by react-reconciler into plain objects (Taro's runtime is such a
// renderer; a mini-program has no DOM), in StrictMode, with the class from load({host: 'taro'}).
import { StrictMode, createContext, createElement as h, useEffect } from 'react';
import Reconciler from 'react-reconciler';
import { ConcurrentRoot, DefaultEventPriority } from 'react-reconciler/constants';
import { createHeartsocket } from '../../../../pkg/react/index.js';

// eslint-disable-next-line no-undef -- CommonJS require, kept external by the bundler
const { load } = require('../miniprogram_npm/heartsocket/index.js');

/** @type {{Taro: object}} set by openPage before the first mount */
const host = { Taro: null };
const useHeartsocket = createHeartsocket(() => load({ host: 'taro', api: host.Taro, wasmPath: '/miniprogram_npm/heartsocket/heartsocket_bg.wasm.br' }));

const append = (parent, child) => {
  child.parent = parent;
  parent.children.push(child);
};
const remove = (parent, child) => {
  parent.children.splice(parent.children.indexOf(child), 1);
  child.parent = null;
};
const insertBefore = (parent, child, before) => {
  child.parent = parent;
  parent.children.splice(parent.children.indexOf(before), 0, child);
};
let priority = 0;
const noop = () => {};
const renderer = Reconciler({
  rendererPackageName: 'taro-like-test-renderer',
  rendererVersion: '0.0.0',
  supportsMutation: true,
  supportsPersistence: false,
  supportsHydration: false,
  supportsMicrotasks: true,
  scheduleMicrotask: (fn) => Promise.resolve().then(fn),
  isPrimaryRenderer: true,
  noTimeout: -1,
  scheduleTimeout: (fn, ms) => setTimeout(fn, ms),
  cancelTimeout: (id) => clearTimeout(id),
  createInstance: (type, props) => ({ type, props, children: [], parent: null }),
  createTextInstance: (text) => ({ text, parent: null }),
  appendInitialChild: append,
  appendChild: append,
  appendChildToContainer: append,
  insertBefore,
  insertInContainerBefore: insertBefore,
  removeChild: remove,
  removeChildFromContainer: remove,
  finalizeInitialChildren: () => false,
  shouldSetTextContent: () => false,
  getRootHostContext: () => ({}),
  getChildHostContext: (ctx) => ctx,
  getPublicInstance: (i) => i,
  prepareForCommit: () => null,
  resetAfterCommit: noop,
  preparePortalMount: noop,
  commitTextUpdate: (t, _old, text) => { t.text = text; },
  commitUpdate: (inst, _type, _old, props) => { inst.props = props; },
  commitMount: noop,
  resetTextContent: noop,
  hideInstance: noop,
  unhideInstance: noop,
  hideTextInstance: noop,
  unhideTextInstance: noop,
  clearContainer: (c) => { c.children = []; },
  detachDeletedInstance: noop,
  getCurrentUpdatePriority: () => priority,
  setCurrentUpdatePriority: (p) => { priority = p; },
  resolveUpdatePriority: () => priority || DefaultEventPriority,
  maySuspendCommit: () => false,
  maySuspendCommitOnUpdate: () => false,
  maySuspendCommitInSyncRender: () => false,
  preloadInstance: () => true,
  startSuspendingCommit: noop,
  suspendInstance: noop,
  waitForCommitToBeReady: () => null,
  NotPendingTransition: null,
  HostTransitionContext: createContext(null),
  resetFormInstance: noop,
  requestPostPaintCallback: noop,
  shouldAttemptEagerTransition: () => false,
  trackSchedulerEvent: noop,
  resolveEventType: () => null,
  resolveEventTimeStamp: () => -1.1,
  getInstanceFromNode: () => null,
  beforeActiveInstanceBlur: noop,
  afterActiveInstanceBlur: noop,
  prepareScopeUpdate: noop,
  getInstanceFromScope: () => null,
  bindToConsole: (fn, ...args) => fn.bind(console, ...args),
});

/**
 * Mounts the chat page (onLoad) in StrictMode; `unload()` is onUnload.
 * @param {object} Taro the (simulated) Taro API @param {string} url @param {object} options
 */
export function openPage(Taro, url, options) {
  host.Taro = Taro;
  const rec = { statuses: [], messages: [], drops: [], early: [], effectRuns: 0, errors: [] };
  function Page() {
    const api = useHeartsocket(url, {
      ...options,
      onMessage: (data) => rec.messages.push(data),
      onDrop: (e) => rec.drops.push({ data: e.data, reason: e.reason }),
    });
    rec.api = api;
    if (rec.statuses[rec.statuses.length - 1] !== api.status) rec.statuses.push(api.status);
    useEffect(() => {
      rec.effectRuns += 1;
      rec.early.push(api.send(`from-effect-${rec.effectRuns}`));
    }, [api.send]);
    return h('view', { className: 'chat' }, h('text', null, api.status), h('text', null, String(api.data ?? '')));
  }
  const root = { type: 'page', children: [], parent: null };
  const report = (e) => rec.errors.push(String(e));
  const container = renderer.createContainer(root, ConcurrentRoot, null, true, null, '', report, report, report, noop);
  renderer.updateContainer(h(StrictMode, null, h(Page)), container, null, null);
  return { rec, root, unload: () => renderer.updateContainer(null, container, null, null) };
}
