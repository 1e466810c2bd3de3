// Completes the wasm-bindgen output of one JS flavour (web or bundler) in DIR: appends
// src/api/class.js (the members of WebSocketClass written in JS) to the glue file that defines
// the class; in DIR/heartsocket.d.ts, declares the class's static constants (TypeScript can
// add instance members to a class by interface merging, as src/api/typescript.rs does, but not
// static ones) and writes each option's "Default …" sentence where src/api/typescript.rs says
// an option name in double braces, from the options table (`OPTIONS`, src/api/options.js: the one place defaults
// and ranges are written).
//
// Usage: node scripts/finish-glue.mjs DIR   (run by build_wasm_pkg in scripts/lib.sh)
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionDoc } from './option-docs.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] || 'pkg');
const CLASS = 'export class WebSocketClass {';
const MARK = '// --- src/api/class.js ---';

function fail(message) {
  console.error(`finish-glue: ${message}`);
  process.exit(1);
}

const glue = readdirSync(dir).filter((f) => f.endsWith('.js') && readFileSync(path.join(dir, f), 'utf8').includes(CLASS));
if (glue.length !== 1) fail(`expected one .js in ${dir} defining WebSocketClass, found ${glue.length}`);
const glueFile = path.join(dir, glue[0]);
const text = readFileSync(glueFile, 'utf8');
if (!text.includes(MARK)) {
  const extra = readFileSync(path.join(repo, 'src', 'api', 'class.js'), 'utf8');
  // class.js calls options.js's checks as `CHECKS.*`: the glue imports that snippet already
  // (the Rust side calls it too); an import declaration is valid anywhere at a module's top level.
  const snippet = text.match(/from '(\.\/snippets\/[^']+\/src\/api\/options\.js)'/);
  if (!snippet) fail(`${glueFile} does not import src/api/options.js`);
  writeFileSync(glueFile, `${text.trimEnd()}\n\n${MARK}\nimport * as CHECKS from '${snippet[1]}';\n${extra}`);
}

const dtsFile = path.join(dir, 'heartsocket.d.ts');
const dts = readFileSync(dtsFile, 'utf8');
const statics = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']
  .map((name, value) => `    /** \`WebSocketClass.${name}\` (${value}). */\n    static readonly ${name}: number;\n`)
  .join('');
if (!dts.includes(CLASS)) fail(`${dtsFile} does not declare WebSocketClass`);
let out = dts.includes('static readonly CONNECTING') ? dts : dts.replace(`${CLASS}\n`, `${CLASS}\n${statics}`);
out = out.replace(/\{\{([\w.]+)\}\}/g, (_, option) => optionDoc(option) || fail(`{{${option}}}: no default in OPTIONS`));
writeFileSync(dtsFile, out);
