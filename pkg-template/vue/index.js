// heartsocket/vue: useHeartsocket(url, options) for Vue 3 (and uni-app, which is Vue 3).
// The instance is created when the component mounts (never during server-side rendering) and
// closed and freed when the owning effect scope is disposed. The logic lives in ../adapters/link.js.
import { ref, shallowRef, getCurrentInstance, getCurrentScope, onMounted, onScopeDispose, watch, isRef } from 'vue';
import { Link, splitOptions, entryPoints } from '../adapters/link.js';

/**
 * `createHeartsocket(source)` binds the composable to where the class comes from, once per app: the bundler build's class,
 * `() => init().then(() => WebSocketClass)` on the web, `() => load({host: 'uni'})` in a
 * mini-program. Pages then call the returned `useHeartsocket(url, options)` the same way everywhere.
 */
export const { createHeartsocket, useHeartsocket } = entryPoints('vue', useWith);

function useWith(source, url, options) {
  const { own, rest } = splitOptions(options);
  // A ref or getter becomes heartsocket's own url function, read before every attempt.
  const dynamic = isRef(url) || typeof url === 'function';
  const link = new Link(own.source !== undefined ? own.source : source, dynamic ? () => (isRef(url) ? url.value : url()) : url, own, rest);
  const s = link.state;
  const status = ref(s.status);
  const data = shallowRef(s.data);
  const stats = shallowRef(s.stats);
  const error = shallowRef(s.error);
  link.subscribe(() => {
    const now = link.state;
    status.value = now.status;
    data.value = now.data;
    stats.value = now.stats;
    error.value = now.error;
  });
  if (dynamic) watch(url, () => link.follow());
  // In a component, wait for the client's mount (SSR never mounts); elsewhere (a store, a bare
  // effectScope) there is no mount to wait for.
  if (getCurrentInstance()) onMounted(() => link.mount());
  else link.mount();
  if (getCurrentScope()) onScopeDispose(() => link.dispose());
  return { status, data, stats, error, send: link.send, open: link.open, close: link.close, reconnect: link.reconnect };
}
