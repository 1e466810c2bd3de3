// Page and app lifecycle: network and visibility changes for the core.
//
// In a browser: `online`/`offline` and `pageshow`/`pagehide` on the global object,
// `visibilitychange`/`freeze`/`resume` on `document`, through one listener. Elsewhere the host
// passes a provider (option `lifecycle`): `(notify) => unsubscribe?`, which the mini-program
// loader builds on `wx.onAppHide`/`onAppShow`/`onNetworkStatusChange`. `notify` is a no-op once
// the instance is freed (a provider may call it late, or never unsubscribe).

import { globalObject, getProp as prop } from './host.js';
import { counts } from './counts.js';

/** The changes, by the provider's spelling; the value is the core input's name in driver.js. */
export const CHANGES = ['online', 'offline', 'hidden', 'visible'];

const GLOBAL_EVENTS = ['online', 'offline', 'pageshow', 'pagehide'];
const DOCUMENT_EVENTS = ['visibilitychange', 'freeze', 'resume'];

const hidden = (doc) => prop(doc, 'visibilityState') === 'hidden';

function browserChange(event, doc) {
  const type = prop(event, 'type');
  const persisted = () => prop(event, 'persisted') === true;
  switch (type) {
    case 'online': return 'online';
    case 'offline': return 'offline';
    case 'freeze': return 'hidden';
    case 'resume': return 'visible';
    // Only a page restored from (or entering) the back/forward cache changes anything.
    case 'pageshow': return persisted() ? 'visible' : null;
    case 'pagehide': return persisted() ? 'hidden' : null;
    case 'visibilitychange': return hidden(doc) ? 'hidden' : 'visible';
    default: return null;
  }
}

const each = (target, method, types, f) => {
  for (const t of types) {
    try {
      target[method](t, f);
    } catch (e) {
      // A target that refuses a type is simply not listened to.
    }
  }
};

/**
 * Browser listeners, when the global object and `document` both take them: `{ unsubscribe,
 * hidden }` (whether the page is hidden now), else null. `notify(change)` gets a CHANGES name.
 */
export function browser(notify) {
  const g = globalObject();
  const doc = prop(g, 'document');
  const listens = (o) => typeof prop(o, 'addEventListener') === 'function';
  if (typeof doc !== 'object' || doc === null || !listens(g) || !listens(doc)) return null;
  const listener = (event) => {
    const change = browserChange(event, doc);
    if (change !== null) notify(change);
  };
  each(g, 'addEventListener', GLOBAL_EVENTS, listener);
  each(doc, 'addEventListener', DOCUMENT_EVENTS, listener);
  counts.closures++;
  counts.lifecycle++;
  return {
    hidden: hidden(doc),
    unsubscribe() {
      each(g, 'removeEventListener', GLOBAL_EVENTS, listener);
      each(doc, 'removeEventListener', DOCUMENT_EVENTS, listener);
      counts.closures--;
      counts.lifecycle--;
    },
  };
}

/** Subscribes through a host provider; its throw propagates (the constructor throws it). */
export function provider(f, notify) {
  const ret = f.call(undefined, (kind) => {
    if (typeof kind === 'string' && CHANGES.indexOf(kind) >= 0) notify(kind);
  });
  counts.lifecycle++;
  return {
    hidden: false,
    unsubscribe() {
      counts.lifecycle--;
      if (typeof ret === 'function') {
        try {
          ret.call(undefined);
        } catch (e) {
          // Unsubscribing is best effort: the instance is gone either way.
        }
      }
    },
  };
}
