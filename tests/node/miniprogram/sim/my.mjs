// @ts-check
// A simulated Alipay `my`: connectSocket returns a SocketTask only with `multiple: true` (else
// it drives the single global socket and returns nothing); binary data travels as base64 text
// with `isBuffer: true`, both ways; errors carry {error, errorMessage}; 5 tasks at most.
import { SimHost, lifecycleApi } from './wx.mjs';

/**
 * @typedef {import('./types.js').MyLike} SimMy
 */

/**
 * @param {import('./wx.mjs').SimOptions} [opts]
 * @returns {{my: SimMy, sim: SimHost}}
 */
export function createMy(opts = {}) {
  const sim = new SimHost({ ...opts, wire: 'alipay' });
  const life = lifecycleApi(sim);
  /** @type {SimMy} */
  const my = {
    connectSocket(option) {
      if (option.multiple !== true) {
        // Single-instance mode: the caller would have to use my.onSocketOpen & co.
        setImmediate(() => option.success?.({}));
        return undefined;
      }
      return /** @type {any} */ (sim.connect(option));
    },
    ...life,
    getFileSystemManager: () => ({
      readFileSync: (/** @type {{filePath: string}} */ o) => ({ data: sim.readPackageFile(o.filePath) }),
    }),
  };
  return { my, sim };
}
