// Startup: from navigation start (performance.timeOrigin) to the first `open`, per contender,
// in a fresh browser context each time (nothing cached: the server sends no-store).
// Includes loading the library (for heartsocket: fetching, compiling and instantiating the wasm).
import { clientId, control, now, wsUrl } from './common.mjs';
import { load, opened } from './contenders.mjs';

/** @param {{contender: string}} a */
export async function run(a) {
  const tStart = now();
  const lib = await load(a.contender);
  const tLoaded = now();
  const client = clientId('start');
  const ws = lib.create(wsUrl(client));
  await opened(ws);
  const tOpen = now();
  ws.close();
  await control('reset', { client });
  return { openMs: tOpen, scriptStartMs: tStart, loadMs: tLoaded - tStart, connectMs: tOpen - tLoaded };
}
