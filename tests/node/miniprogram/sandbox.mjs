// A Node `vm` context shaped like a WeChat app service: no WebAssembly, fetch, TextEncoder,
// TextDecoder, URL, window, self, document or globalThis; string code generation off (mini-
// programs forbid eval/new Function); CommonJS modules wrapped the way WeChat wraps them
// (browser globals shadowed by undefined parameters); and a WXWebAssembly whose only method is
// instantiate(path, imports), reading `.wasm` or `.wasm.br` from the code package, and refusing
// a module that exports a WebAssembly.Global (WeChat documents iOS as not supporting them).
import vm from 'node:vm';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SHADOWED = ['window', 'document', 'self', 'frames', 'location', 'navigator', 'localStorage',
  'history', 'XMLHttpRequest', 'WebSocket', 'fetch'];

/**
 * @param {object} opts
 * @param {string} opts.appRoot folder that code-package paths ('/…') map to
 * @param {object} [opts.globals] host objects to expose (wx, my, uni…)
 * @param {boolean} [opts.wxWebAssembly] provide WXWebAssembly (default true)
 * @param {boolean} [opts.webAssembly] keep the context's own WebAssembly (default false)
 * @param {(result: {instance: object, module: object}) => any} [opts.shapeResult] what
 *   WXWebAssembly.instantiate resolves to (some base libraries give the instance alone)
 */
export function createSandbox(opts) {
  const instantiateCalls = [];
  const sandbox = {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    ...(opts.globals || {}),
  };
  if (opts.wxWebAssembly !== false) {
    const shape = opts.shapeResult || ((r) => r);
    sandbox.WXWebAssembly = {
      instantiate(pkgPath, imports) {
        instantiateCalls.push(pkgPath);
        if (typeof pkgPath !== 'string' || !/\.wasm(\.br)?$/.test(pkgPath)) {
          return Promise.reject(new Error('WXWebAssembly.instantiate: path must name a .wasm or .wasm.br file'));
        }
        const file = path.join(opts.appRoot, pkgPath.replace(/^\/+/, ''));
        if (!existsSync(file)) return Promise.reject(new Error(`WXWebAssembly.instantiate: no such file ${pkgPath}`));
        let bytes = readFileSync(file);
        if (pkgPath.endsWith('.br')) bytes = zlib.brotliDecompressSync(bytes);
        return WebAssembly.compile(bytes).then((module) => {
          const globals = WebAssembly.Module.exports(module).filter((e) => e.kind === 'global');
          if (globals.length) {
            throw new Error(`WXWebAssembly (iOS): exported globals are not supported: ${globals.map((g) => g.name)}`);
          }
          return WebAssembly.instantiate(module, imports).then((instance) => shape({ instance, module }));
        });
      },
    };
  }
  const context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: true } });
  vm.runInContext(
    (opts.webAssembly ? '' : 'delete globalThis.WebAssembly;') + 'delete globalThis.globalThis;',
    context,
  );

  const cache = new Map();
  function load(file) {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} };
    cache.set(file, module);
    const src = readFileSync(file, 'utf8');
    const wrapper = vm.runInContext(
      `(function (require, module, exports, ${SHADOWED.join(', ')}) {${src}\n})`,
      context,
      { filename: file },
    );
    wrapper.call(module.exports, requireFrom(path.dirname(file)), module, module.exports);
    return module.exports;
  }
  function requireFrom(dir) {
    return (spec) => {
      if (!spec.startsWith('.') && !spec.startsWith('/')) return load(npmFile(dir, spec));
      let file = spec.startsWith('/') ? path.join(opts.appRoot, spec) : path.resolve(dir, spec);
      if (!file.endsWith('.js')) file += '.js';
      if (!existsSync(file)) throw new Error(`module '${spec}' is not defined`);
      return load(file);
    };
  }
  // WeChat's lookup of a package name: miniprogram_npm/<spec> (as a file, +.js, or /index.js)
  // in the requiring file's folder, then in each parent up to the package root.
  function npmFile(dir, spec) {
    for (let d = dir; ; d = path.dirname(d)) {
      const base = path.join(d, 'miniprogram_npm', spec);
      const hit = [base, `${base}.js`, path.join(base, 'index.js')].find((f) => f.endsWith('.js') && existsSync(f));
      if (hit) return hit;
      if (path.relative(opts.appRoot, d) === '' || !d.startsWith(opts.appRoot)) break;
    }
    throw new Error(`module '${spec}' is not defined`);
  }

  return {
    context,
    sandbox,
    instantiateCalls,
    /** require() from the app root, like a page would. */
    require: requireFrom(opts.appRoot),
    /** Evaluates an expression inside the sandbox (values then belong to its realm). */
    run: (code) => vm.runInContext(code, context),
  };
}
