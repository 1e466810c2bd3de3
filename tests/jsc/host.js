// What a mini-program's logic layer gives a module, built inside the bare `jsc` shell
// (JavaScriptCore, run with --useJIT=false like an app that embeds it on iOS). The shell has
// setTimeout but no clearTimeout, no console, no require, no TextEncoder/TextDecoder, no sockets;
// here it gets:
// - virtual time: setTimeout/clearTimeout/setInterval/clearInterval, Date.now and
//   performance.now run on a simulated clock that only moves when nothing else is runnable, so
//   every verdict the product makes from its clock is the same on a fast machine and on this
//   interpreter;
// - console, and a CommonJS `require` (WeChat-style wrapper, browser globals shadowed);
// - WXWebAssembly whose only method is instantiate(path, imports), for `.wasm` package paths,
//   refusing a module that exports a WebAssembly.Global (WeChat documents iOS as refusing them);
//   the global WebAssembly itself is removed, as in WeChat's logic layer.
// Loaded with `load()` by tests/jsc/miniprogram.js; everything lives on the global `JSCH`.
var JSCH = (function (G) {
  'use strict';
  var nativeWasm = G.WebAssembly;
  delete G.WebAssembly;
  // A mini-program has none of these; the shell has none either, but say so rather than assume.
  delete G.TextEncoder;
  delete G.TextDecoder;

  // ---- virtual time ---------------------------------------------------------------------------
  var clock = { now: 1700000000000, nextId: 1, timers: new Map() };
  var RealDate = Date;
  var origin = clock.now;
  Date.now = function () { return clock.now; };
  // The shell has a real-time performance.now(), which the product prefers to Date.now().
  if (G.performance) G.performance.now = function () { return clock.now - origin; };

  function setTimeoutV(fn, ms) {
    if (typeof fn !== 'function') throw new TypeError('setTimeout: callback must be a function');
    var args = Array.prototype.slice.call(arguments, 2);
    var delay = Number(ms);
    if (!(delay > 0)) delay = 0; // NaN, negatives and undefined mean 0, as in browsers
    var id = clock.nextId++;
    clock.timers.set(id, { at: clock.now + Math.floor(delay), fn: fn, args: args, every: 0 });
    return id;
  }
  function clearTimeoutV(id) { clock.timers.delete(id); }
  function setIntervalV(fn, ms) {
    var id = setTimeoutV.apply(null, arguments);
    var t = clock.timers.get(id);
    t.every = Math.max(1, Math.floor(Number(ms) > 0 ? Number(ms) : 0));
    return id;
  }
  G.setTimeout = setTimeoutV;
  G.clearTimeout = clearTimeoutV;
  G.setInterval = setIntervalV;
  G.clearInterval = clearTimeoutV;

  /** The earliest due timer (ties in creation order), or null. */
  function nextTimer() {
    var best = null;
    clock.timers.forEach(function (t, id) {
      if (best === null || t.at < best.t.at || (t.at === best.t.at && id < best.id)) best = { id: id, t: t };
    });
    return best;
  }

  // Promises waiting for a condition (until()); checked whenever the microtasks have drained.
  var waiters = [];
  var uncaught = [];

  /** A Promise resolved once `pred()` holds, rejected past `ms` of virtual time. */
  function until(pred, ms, what) {
    return new Promise(function (resolveP, reject) {
      waiters.push({ pred: pred, since: clock.now, deadline: clock.now + ms, what: what, resolve: resolveP, reject: reject });
    });
  }

  /** Resolves the waiters whose condition holds; true if any did. */
  function settleWaiters() {
    var any = false;
    waiters = waiters.filter(function (w) {
      var ok;
      try { ok = w.pred(); } catch (e) { w.reject(e); any = true; return false; }
      if (ok) { w.resolve(); any = true; }
      return !ok;
    });
    return any;
  }

  /**
   * Runs the world until `done()` is true: microtasks first, then the waiters, then the earliest
   * timer or waiter deadline, advancing the clock to it. Throws if nothing is left to run.
   */
  function runUntil(done) {
    for (;;) {
      drainMicrotasks();
      if (settleWaiters()) continue;
      if (done()) return;
      var n = nextTimer();
      var w = null;
      waiters.forEach(function (x) { if (w === null || x.deadline < w.deadline) w = x; });
      if (w !== null && (n === null || w.deadline < n.t.at)) {
        if (w.deadline > clock.now) clock.now = w.deadline;
        waiters.splice(waiters.indexOf(w), 1);
        w.reject(new Error('not within ' + (w.deadline - w.since) + ' ms (virtual): ' + w.what));
        continue;
      }
      if (n === null) throw new Error('stuck: no timer, no waiter, and the test has not finished');
      if (n.t.at > clock.now) clock.now = n.t.at;
      if (n.t.every) n.t.at = clock.now + n.t.every;
      else clock.timers.delete(n.id);
      // A throwing timer callback is an uncaught error in a real host: recorded, not fatal.
      try { n.t.fn.apply(null, n.t.args); } catch (e) { uncaught.push(e); }
    }
  }

  // ---- console ----------------------------------------------------------------------------------
  var logs = [];
  function show(args) {
    return Array.prototype.map.call(args, function (a) {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return a.name + ': ' + a.message;
      try { return JSON.stringify(a); } catch (e) { return String(a); }
    }).join(' ');
  }
  var verbose = false;
  G.console = {};
  ['log', 'info', 'warn', 'error', 'debug'].forEach(function (level) {
    G.console[level] = function () {
      var line = show(arguments);
      logs.push({ level: level, line: line });
      if (verbose || level === 'error') print('# console.' + level + ': ' + line);
    };
  });

  // ---- CommonJS ---------------------------------------------------------------------------------
  // WeChat wraps each module in a function whose parameters shadow browser globals.
  var SHADOWED = ['window', 'document', 'self', 'frames', 'location', 'navigator', 'WebSocket', 'fetch'];
  var cache = {};
  function resolve(dir, spec) {
    if (spec.charAt(0) !== '.' && spec.charAt(0) !== '/') throw new Error("module '" + spec + "' is not defined");
    var parts = (spec.charAt(0) === '/' ? spec : dir + '/' + spec).split('/');
    var out = [];
    parts.forEach(function (p) {
      if (p === '' || p === '.') return;
      if (p === '..') out.pop(); else out.push(p);
    });
    var file = '/' + out.join('/');
    return /\.js$/.test(file) ? file : file + '.js';
  }
  function requireFrom(dir) {
    return function require(spec) {
      var file = resolve(dir, spec);
      if (cache[file]) return cache[file].exports;
      var src;
      try { src = readFile(file); } catch (e) { throw new Error("module '" + spec + "' is not defined"); }
      var module = { exports: {} };
      cache[file] = module;
      // The harness needs eval to build a module wrapper (the shell has no other way); the
      // package itself never does (tests/node/security/no-eval.test.mjs).
      var wrapper = (0, eval)('(function (require, module, exports, ' + SHADOWED.join(', ') + ') {' +
        src + '\n})\n//# sourceURL=' + file);
      wrapper.call(module.exports, requireFrom(file.replace(/\/[^/]*$/, '')), module, module.exports);
      return module.exports;
    };
  }

  // ---- WXWebAssembly ----------------------------------------------------------------------------
  var packageRoot = '/';
  var instantiateCalls = [];
  G.WXWebAssembly = {
    instantiate: function (path, imports) {
      instantiateCalls.push(path);
      return new Promise(function (resolveP, reject) {
        if (typeof path !== 'string' || !/\.wasm$/.test(path)) {
          throw new Error('WXWebAssembly.instantiate: path must name a .wasm file in the package, got ' + path);
        }
        var bytes;
        try { bytes = readFile(packageRoot + path.replace(/^\/+/, ''), 'binary'); } catch (e) {
          throw new Error('WXWebAssembly.instantiate: no such file ' + path);
        }
        // Synchronous compile: the shell's asynchronous one completes on its run loop, which
        // virtual time never yields to.
        var module = new nativeWasm.Module(bytes);
        var globals = nativeWasm.Module.exports(module).filter(function (e) { return e.kind === 'global'; });
        if (globals.length) {
          throw new Error('WXWebAssembly (iOS): exported globals are not supported: ' +
            globals.map(function (g) { return g.name; }).join(', '));
        }
        resolveP({ instance: new nativeWasm.Instance(module, imports), module: module });
      });
    },
  };

  return {
    clock: clock,
    RealDate: RealDate,
    runUntil: runUntil,
    until: until,
    uncaught: uncaught,
    /** Drops the waiters of a test that failed (its promise chain is abandoned). */
    reset: function () { waiters = []; clock.timers.clear(); },
    pendingTimers: function () { return clock.timers.size; },
    logs: logs,
    setVerbose: function (v) { verbose = v; },
    instantiateCalls: instantiateCalls,
    /** `require` as seen from `root` (a folder), and code-package paths ('/x.wasm') under it. */
    setPackageRoot: function (root) { packageRoot = root.replace(/\/?$/, '/'); },
    requireFrom: requireFrom,
  };
})(this);
