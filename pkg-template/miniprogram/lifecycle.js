'use strict';
// App lifecycle and network status → the driver's 'hidden' | 'visible' | 'online' | 'offline'.
// About 5 s after an app goes to the background its network calls fail ("interrupted"); the
// driver reconnects when told 'visible' rather than burning attempts in the background.

/** The first of `targets` that has a function named `name`, bound to it. */
function pick(targets, name) {
  for (var i = 0; i < targets.length; i++) {
    var t = targets[i];
    if (t && typeof t[name] === 'function') return t[name].bind(t);
  }
  return null;
}

/**
 * Builds the `lifecycle` option for the driver over a host API (wx, Taro, uni, my).
 * Taro proxies these to the raw host, but `Taro.miniGlobal` is asked as a fallback.
 * @param {any} api
 * @returns {(notify: (what: 'hidden'|'visible'|'online'|'offline') => void) => () => void}
 */
function createLifecycle(api) {
  var targets = [api, api && api.miniGlobal];
  return function subscribe(notify) {
    var active = true;
    function onHide() { if (active) notify('hidden'); }
    function onShow() { if (active) notify('visible'); }
    function onNetwork(res) {
      if (!active) return;
      var connected = res && typeof res === 'object' && 'isConnected' in res ? !!res.isConnected : true;
      notify(connected ? 'online' : 'offline');
    }
    var hooks = [
      ['onAppHide', 'offAppHide', onHide],
      ['onAppShow', 'offAppShow', onShow],
      ['onNetworkStatusChange', 'offNetworkStatusChange', onNetwork],
    ];
    var undo = [];
    for (var i = 0; i < hooks.length; i++) {
      var on = pick(targets, hooks[i][0]);
      if (!on) continue;
      on(hooks[i][2]);
      var off = pick(targets, hooks[i][1]);
      if (off) undo.push([off, hooks[i][2]]);
    }
    return function unsubscribe() {
      // `active` also covers old base libraries that have on… but no off… functions.
      active = false;
      for (var j = 0; j < undo.length; j++) {
        try { undo[j][0](undo[j][1]); } catch (e) { /* already gone */ }
      }
      undo = [];
    };
  };
}

module.exports = { createLifecycle: createLifecycle };
