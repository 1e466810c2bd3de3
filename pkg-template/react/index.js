// heartsocket/react: useHeartsocket(url, options) for React 18/19 (and Taro, which is React).
// The instance is created in an effect (never while rendering, so never on the server) and is
// kept across StrictMode's simulated unmount → mount, so one socket serves the component and
// no queued message is dropped. The logic lives in ../adapters/link.js.
import { useState, useEffect, useMemo, useSyncExternalStore } from 'react';
import { Link, splitOptions, entryPoints } from '../adapters/link.js';

/**
 * `createHeartsocket(source)` binds the hook to where the class comes from, once per app: the bundler build's class,
 * `() => init().then(() => WebSocketClass)` on the web, `() => load({host: 'taro', api: Taro})`
 * in a mini-program. Pages then call the returned `useHeartsocket(url, options)` the same way.
 */
export const { createHeartsocket, useHeartsocket } = entryPoints('react', useWith);

function useWith(source, url, options) {
  const { own, rest } = splitOptions(options);
  // Built without side effects, so a render React throws away costs nothing.
  const [link] = useState(() => new Link(own.source !== undefined ? own.source : source, url, own, rest));
  // The newest callbacks, without making a new socket (read when a message or drop arrives).
  link.handlers = own;
  const state = useSyncExternalStore(link.subscribe, link.snapshot, link.snapshot);
  useEffect(() => {
    link.mount();
    return () => link.release();
  }, [link]);
  // A new URL string is a new link; a URL function is heartsocket's own, read before each attempt.
  const target = typeof url === 'string' ? url : link.url;
  useEffect(() => {
    link.retarget(target);
  }, [link, target]);
  return useMemo(() => Object.assign({}, state, {
    send: link.send, open: link.open, close: link.close, reconnect: link.reconnect,
  }), [state, link]);
}
