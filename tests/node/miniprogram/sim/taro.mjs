// @ts-check
// A simulated `Taro` for the weapp target, built like Taro's own API layer (@tarojs/shared
// processApis): connectSocket calls the raw host, and resolves its Promise with the task only
// after the host's `success`, so handlers attached in `.then` come late. `resolveDelayMs` makes
// them later still (past the open), to prove nothing is lost. `Taro.miniGlobal` is the raw host.
import { SimHost, lifecycleApi, createWx } from './wx.mjs';

/**
 * @typedef {object} TaroOptions
 * @property {boolean} [exposeMiniGlobal] whether Taro.miniGlobal is set (default true)
 * @property {number} [resolveDelayMs] extra delay before the Promise hands the task over
 * @property {boolean} [resolveAfterOpen] hand the task over only once it has opened (or failed):
 *   the worst case, where every early event is gone before anyone could listen
 */

/**
 * @typedef {Pick<import('@tarojs/taro').TaroStatic, 'connectSocket'|'onAppHide'|'offAppHide'|'onAppShow'|'offAppShow'|'onNetworkStatusChange'|'offNetworkStatusChange'|'getEnv'> & {miniGlobal?: unknown}} SimTaro
 */

/**
 * Creates a simulated Taro over a simulated wx.
 * @param {import('./wx.mjs').SimOptions & TaroOptions} [opts]
 * @returns {{Taro: SimTaro, sim: SimHost}}
 */
export function createTaro(opts = {}) {
  const { wx, sim } = createWx(opts);
  const life = lifecycleApi(sim);
  const resolveDelayMs = opts.resolveDelayMs ?? 0;
  /** @type {SimTaro} */
  const Taro = {
    connectSocket: (option) => new Promise((resolve, reject) => {
      /** @type {any} */
      let task = null;
      const obj = {
        ...option,
        success: (/** @type {any} */ res) => {
          option.success?.(res);
          const handOver = () => resolve(Object.assign(task, res));
          if (opts.resolveAfterOpen) {
            let done = false;
            const once = () => { if (!done) { done = true; setTimeout(handOver, 0); } };
            task.onOpen(once);
            task.onError(once);
            task.onClose(once);
          } else if (resolveDelayMs > 0) setTimeout(handOver, resolveDelayMs);
          else Promise.resolve().then(handOver);
        },
        fail: (/** @type {any} */ res) => { option.fail?.(res); reject(res); },
      };
      task = wx.connectSocket(obj);
    }),
    onAppHide: /** @type {any} */ (life.onAppHide),
    offAppHide: /** @type {any} */ (life.offAppHide),
    onAppShow: /** @type {any} */ (life.onAppShow),
    offAppShow: /** @type {any} */ (life.offAppShow),
    onNetworkStatusChange: /** @type {any} */ (life.onNetworkStatusChange),
    offNetworkStatusChange: /** @type {any} */ (life.offNetworkStatusChange),
    getEnv: /** @type {any} */ (() => 'WEAPP'),
  };
  if (opts.exposeMiniGlobal !== false) Taro.miniGlobal = wx;
  return { Taro, sim };
}
