// Loads the web flavour of a built package (`pkg/` or another dir) into this Node process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** `WebSocketClass` of the package in `dir`, its wasm instantiated from the file. */
export async function loadPkg(dir) {
  const mod = await import(pathToFileURL(path.join(path.resolve(dir), 'heartsocket.js')).href);
  await mod.default({ module_or_path: readFileSync(path.join(dir, 'heartsocket_bg.wasm')) });
  return mod.WebSocketClass;
}
