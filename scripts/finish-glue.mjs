// Completes the wasm-bindgen output of one JS flavour (web or bundler) in DIR: the glue
// re-exports `WebSocketClass` from the snippet that defines it (src/api/class.js: the class is
// JS, over the core's numeric exports), and in DIR/heartsocket.d.ts each option name in double
// braces (src/wasm/typescript.rs) becomes that option's "Default …" sentence, from the options
// table (`OPTIONS`, src/api/options.js: the one place defaults and ranges are written).
//
// Usage: node scripts/finish-glue.mjs DIR   (run by build_wasm_pkg in scripts/lib.sh)
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { optionDoc } from './option-docs.mjs';

const dir = path.resolve(process.argv[2] || 'pkg');
const CLASS_JS = /from '(\.\/snippets\/[^']+\/src\/api\/class\.js)'/;
const EXPORT = 'export { WebSocketClass }';

function fail(message) {
  console.error(`finish-glue: ${message}`);
  process.exit(1);
}

// The glue file that imports class.js (its `install`, which the wasm's start function calls).
const glue = readdirSync(dir).filter((f) => f.endsWith('.js') && CLASS_JS.test(readFileSync(path.join(dir, f), 'utf8')));
if (glue.length !== 1) fail(`expected one .js in ${dir} importing src/api/class.js, found ${glue.length}`);
const glueFile = path.join(dir, glue[0]);
let text = readFileSync(glueFile, 'utf8');
// The wasm's start function (it installs the class) is no API: wasm-bindgen exports a JS wrapper
// of it all the same, which goes.
const START = /export function start\(\) \{\n\s*wasm\.start\(\);\n\}\n/;
if (!text.includes(EXPORT)) {
  if (!START.test(text)) fail(`${glueFile}: no \`export function start\` (wasm-bindgen changed?)`);
  text = `${text.replace(START, '').trimEnd()}\n${EXPORT} from '${text.match(CLASS_JS)[1]}';\n`;
  writeFileSync(glueFile, text);
}
// The bundler flavour's entry re-exports the glue's exports by name.
const entry = path.join(dir, 'heartsocket.js');
if (entry !== glueFile) {
  const e = readFileSync(entry, 'utf8');
  const re = /export \{\s*start\s*\} from "\.\/heartsocket_bg\.js";/;
  if (!e.includes(EXPORT)) {
    if (!re.test(e)) fail(`${entry}: no re-export of start (wasm-bindgen changed?)`);
    writeFileSync(entry, e.replace(re, `${EXPORT} from "./heartsocket_bg.js";`));
  }
}

const dtsFile = path.join(dir, 'heartsocket.d.ts');
const dts = readFileSync(dtsFile, 'utf8');
if (!dts.includes('export class WebSocketClass {')) fail(`${dtsFile} does not declare WebSocketClass`);
writeFileSync(dtsFile, dts.replace('export function start(): void;\n', '')
  .replace(/\{\{([\w.]+)\}\}/g, (_, option) => optionDoc(option) || fail(`{{${option}}}: no default in OPTIONS`)));
