// Where the page's WebSocketClass comes from, chosen by uni-app's conditional compilation.
import { SERVER_URL } from './config';

// #ifdef H5
// The web entry: Vite emits heartsocket_bg.wasm as an asset and init() fetches it.
import init, { WebSocketClass } from 'heartsocket';

export async function loadSocketClass() {
  await init();
  return WebSocketClass;
}

// The page's own host unless `?server=host:port` names another (as the tests do).
export function serverUrl() {
  const params = new URLSearchParams(location.search);
  const url = new URL(SERVER_URL);
  url.host = params.get('server') || location.host;
  const client = params.get('client');
  if (client) url.searchParams.set('client', client);
  return url.href;
}
// #endif

// #ifndef H5
// Mini-programs: the CommonJS module over uni's SocketTask; the wasm is read from
// /static/heartsocket_bg.wasm.br (emitted there by vite.config.js).
import { load } from 'heartsocket/miniprogram';

export async function loadSocketClass() {
  const loaded = await load({ host: 'uni' });
  return loaded.WebSocketClass;
}

export const serverUrl = () => SERVER_URL;
// #endif
