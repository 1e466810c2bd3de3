// H5: the web entry. webpack emits heartsocket_bg.wasm as an asset (it sees the glue's
// `new URL('heartsocket_bg.wasm', import.meta.url)`); init() fetches it once.
import init, { WebSocketClass } from 'heartsocket';
import { SERVER_URL } from './config';

export async function loadSocketClass(): Promise<typeof WebSocketClass> {
  await init();
  return WebSocketClass;
}

// The page's own host unless `?server=host:port` names another (as the tests do).
export function serverUrl(): string {
  const params = new URLSearchParams(location.search);
  const url = new URL(SERVER_URL);
  url.host = params.get('server') || location.host;
  const client = params.get('client');
  if (client) url.searchParams.set('client', client);
  return url.href;
}
