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
const text = readFileSync(glueFile, 'utf8');
if (!text.includes(EXPORT)) writeFileSync(glueFile, `${text.trimEnd()}\n${EXPORT} from '${text.match(CLASS_JS)[1]}';\n`);

const dtsFile = path.join(dir, 'heartsocket.d.ts');
const dts = readFileSync(dtsFile, 'utf8');
if (!dts.includes('export class WebSocketClass {')) fail(`${dtsFile} does not declare WebSocketClass`);
writeFileSync(dtsFile, dts.replace(/\{\{([\w.]+)\}\}/g, (_, option) => optionDoc(option) || fail(`{{${option}}}: no default in OPTIONS`)));
