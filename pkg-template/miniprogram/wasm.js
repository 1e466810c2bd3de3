'use strict';
// Instantiating the .wasm with whatever the host offers. WeChat only has
// `WXWebAssembly.instantiate(path, imports)` with `path` a file inside the code package
// (`.wasm`, or `.wasm.br` from base library 2.14.0); no bytes, no compile, no streaming, and
// some versions hand back the instance itself instead of {instance, module}.

/** Reads a package file's bytes with the host's FileSystemManager (wx and my differ in shape). */
function readPackageFile(api, path) {
  var fsm = api && typeof api.getFileSystemManager === 'function' ? api.getFileSystemManager() : null;
  if (!fsm || typeof fsm.readFileSync !== 'function') {
    throw new TypeError('heartsocket: this host has WebAssembly but no FileSystemManager to read ' + path +
      '; pass `wasmBytes` or `instantiate` to load()');
  }
  var out;
  try {
    out = fsm.readFileSync(path);
  } catch (e) {
    // Alipay's form takes an options object and returns {data}.
    out = fsm.readFileSync({ filePath: path });
  }
  if (out && typeof out === 'object' && !isBufferLike(out) && 'data' in out) out = out.data;
  if (!isBufferLike(out)) throw new Error('heartsocket: reading ' + path + ' gave no bytes');
  return out;
}

function isBufferLike(x) {
  return !!x && (Object.prototype.toString.call(x) === '[object ArrayBuffer]' || ArrayBuffer.isView(x));
}

/**
 * Instantiates the module with `imports`.
 * @param {{instantiate?: Function, wasmBytes?: ArrayBuffer|ArrayBufferView, wasmPath: string}} opts
 * @param {object} imports from the glue's `__wbg_get_imports()`
 * @param {any} api the host API (for its FileSystemManager)
 * @param {object} globalObject where WXWebAssembly/WebAssembly may live
 * @returns {Promise<{instance: WebAssembly.Instance, module: WebAssembly.Module|undefined}>}
 */
function instantiate(opts, imports, api, globalObject) {
  return Promise.resolve().then(function () {
    if (typeof opts.instantiate === 'function') return opts.instantiate(imports);
    /* global WXWebAssembly */
    var wxw = typeof WXWebAssembly !== 'undefined' ? WXWebAssembly : globalObject.WXWebAssembly;
    if (!opts.wasmBytes && wxw && typeof wxw.instantiate === 'function') {
      return wxw.instantiate(opts.wasmPath, imports);
    }
    var wa = typeof WebAssembly !== 'undefined' ? WebAssembly : globalObject.WebAssembly;
    if (wa && typeof wa.instantiate === 'function') {
      // Plain WebAssembly cannot take a brotli file: read the uncompressed sibling.
      var bytes = opts.wasmBytes || readPackageFile(api, opts.wasmPath.replace(/\.br$/, ''));
      return wa.instantiate(bytes, imports);
    }
    // A TypeError: what is missing is an option (`instantiate`), as for a wrong one.
    throw new TypeError('heartsocket: this host has neither WXWebAssembly nor WebAssembly; ' +
      'pass `instantiate(imports)` to load()');
  }).then(function (result) {
    // What the host's (or the caller's) instantiate resolved to is of the wrong type.
    if (!result) throw new TypeError('heartsocket: wasm instantiation gave nothing');
    var instance = result.instance || result;
    if (!instance.exports) throw new TypeError('heartsocket: wasm instantiation gave no instance');
    return { instance: instance, module: result.module };
  });
}

module.exports = { instantiate: instantiate, readPackageFile: readPackageFile };
