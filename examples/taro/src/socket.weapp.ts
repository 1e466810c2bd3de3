// Mini-program targets: the CommonJS module from heartsocket/miniprogram. The .wasm.br is copied
// to the package root by config/index.js (copy.patterns), so that is the path load() gets.
import Taro from '@tarojs/taro';
import { load } from 'heartsocket/miniprogram';
import type { WebSocketClass } from 'heartsocket';
import { SERVER_URL } from './config';

export async function loadSocketClass(): Promise<typeof WebSocketClass> {
  const loaded = await load({ host: 'taro', api: Taro, wasmPath: '/heartsocket_bg.wasm.br' });
  return loaded.WebSocketClass;
}

export const serverUrl = (): string => SERVER_URL;
