// @ts-check
// A simulated `uni` (uni-app compiled for a mini-program): SocketTask semantics as on WeChat,
// but connectSocket returns the task only when success/fail/complete is passed; without them it
// returns a Promise of the call's result, and the socket it opened cannot be reached.
import { SimHost, lifecycleApi } from './wx.mjs';

/**
 * @typedef {import('./types.js').UniLike} SimUni
 */

/**
 * @param {import('./wx.mjs').SimOptions} [opts]
 * @returns {{uni: SimUni, sim: SimHost}}
 */
export function createUni(opts = {}) {
  const sim = new SimHost({ ...opts, wire: 'wechat' });
  const life = lifecycleApi(sim);
  /** @type {SimUni} */
  const uni = {
    connectSocket(option) {
      if (!option.success && !option.fail && !option.complete) {
        return new Promise((resolve, reject) => {
          sim.connect({ ...option, success: resolve, fail: reject });
        });
      }
      return /** @type {any} */ (sim.connect(option));
    },
    ...life,
    getFileSystemManager: () => ({ readFileSync: (/** @type {string} */ p) => sim.readPackageFile(p) }),
  };
  return { uni, sim };
}
