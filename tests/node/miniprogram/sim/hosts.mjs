// @ts-check
// One entry point over the four simulated hosts, for tests that run the same suite on each.
import { createWx } from './wx.mjs';
import { createTaro } from './taro.mjs';
import { createUni } from './uni.mjs';
import { createMy } from './my.mjs';

export const HOST_NAMES = /** @type {const} */ (['wechat', 'taro', 'uni', 'alipay']);

/**
 * @param {'wechat'|'taro'|'uni'|'alipay'} name
 * @param {import('./wx.mjs').SimOptions & import('./taro.mjs').TaroOptions} [opts]
 * @returns {{api: any, sim: import('./wx.mjs').SimHost}}
 */
export function createHost(name, opts = {}) {
  switch (name) {
    case 'wechat': { const { wx, sim } = createWx(opts); return { api: wx, sim }; }
    case 'taro': { const { Taro, sim } = createTaro(opts); return { api: Taro, sim }; }
    case 'uni': { const { uni, sim } = createUni(opts); return { api: uni, sim }; }
    case 'alipay': { const { my, sim } = createMy(opts); return { api: my, sim }; }
    default: throw new Error(`unknown host ${name}`);
  }
}
