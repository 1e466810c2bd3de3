// No `eval` and no `new Function` anywhere in the built package (issue 7): every JavaScript file
// under pkg/ (web glue, bundler glue, mini-program module) is parsed with TypeScript's parser
// and its syntax tree searched, so comments and strings that merely mention the words (the
// wasm-bindgen glue's debug strings, the polyfill's comments) do not count, and code that calls
// them does, however it is spelled: `eval(…)`, `(0, eval)(…)`, `globalThis.eval(…)`,
// `new Function(…)`, `Function(…)`, `setTimeout('code')`. Mini-programs forbid all of these.
// The one idiom allowed, should a build tool insert it, is exactly `new Function('return this')`
// (used to find the global object); the test prints it if it finds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../lib/server.mjs';

const pkg = path.join(repoRoot, 'pkg');
const JS = /\.(m?js|cjs)$/;

/** Every JS file under `dir`, recursively. */
function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : jsFiles(p);
    return JS.test(name) ? [p] : [];
  });
}

/**
 * Finds dynamic code evaluation in `source`.
 * @returns {{bad: string[], allowed: string[]}} offending snippets with line numbers, and allowed idioms
 */
export function findDynamicCode(source, fileName = 'file.js') {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const bad = [];
  const allowed = [];
  const where = (node) => `${path.basename(fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().slice(0, 80)}`;
  const isName = (node, name) => node && ts.isIdentifier(node) && node.text === name;
  const visit = (node) => {
    // Any reference to the identifier `eval` (a call, an alias, `(0, eval)`), except as a
    // property name being declared (`{ eval: 1 }`) or accessed on something else (`x.eval` is
    // checked below only for global objects).
    if (ts.isIdentifier(node) && node.text === 'eval') {
      const p = node.parent;
      const declaredName = (ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === node;
      const member = ts.isPropertyAccessExpression(p) && p.name === node;
      if (!declaredName && !member) bad.push(where(p));
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'eval'
        && ['globalThis', 'window', 'self', 'global'].some((g) => isName(node.expression, g))) {
      bad.push(where(node));
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && isName(node.expression, 'Function')) {
      const args = node.arguments ?? [];
      const idiom = ts.isNewExpression(node) && args.length === 1 && ts.isStringLiteralLike(args[0]) && args[0].text === 'return this';
      (idiom ? allowed : bad).push(where(node));
    }
    if (ts.isCallExpression(node) && ['setTimeout', 'setInterval'].some((f) => isName(node.expression, f))
        && node.arguments.length > 0 && (ts.isStringLiteralLike(node.arguments[0]) || ts.isTemplateExpression(node.arguments[0]))) {
      bad.push(where(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { bad, allowed };
}

test('the detector finds every spelling of dynamic code and ignores mentions', () => {
  const hits = (src) => findDynamicCode(src).bad.length;
  for (const src of ['eval("1")', '(0, eval)("1")', 'const e = eval; e("1")', 'globalThis.eval("1")', 'window.eval("x")',
    'new Function("a", "return a")', 'Function("return 1")()', 'setTimeout("alert(1)", 0)', 'setInterval(`x${1}`, 5)']) {
    assert.equal(hits(src), 1, src);
  }
  for (const src of ['// eval("1") new Function()', '"eval(1)"', '`Function(${name})`', 'obj.eval(1)', 'x = { eval: 1 }',
    'setTimeout(() => 1, 0)', '/* new Function("return this") */', 'const re = /eval\\(/;']) {
    assert.equal(hits(src), 0, src);
  }
  assert.deepEqual(findDynamicCode('var g = new Function("return this")();').allowed.length, 1);
});

test('no eval or new Function in any built file of pkg/ (web, bundler, miniprogram)', (t) => {
  assert.ok(existsSync(path.join(pkg, 'heartsocket.js')), 'pkg/ is not built: run bash scripts/build.sh --dev');
  const files = jsFiles(pkg);
  const dirs = new Set(files.map((f) => path.relative(pkg, path.dirname(f)) || '.'));
  for (const d of ['.', 'bundler', 'miniprogram']) {
    assert.ok(dirs.has(d), `pkg/${d === '.' ? '' : d + '/'} has JS files to check (found: ${[...dirs]})`);
  }
  const bad = [];
  const allowed = [];
  for (const f of files) {
    const r = findDynamicCode(readFileSync(f, 'utf8'), f);
    bad.push(...r.bad.map((b) => `${path.relative(pkg, path.dirname(f))}/${b}`));
    allowed.push(...r.allowed);
  }
  t.diagnostic(`${files.length} files checked; allowed idiom new Function('return this'): ${allowed.length ? allowed.join('; ') : 'absent'}`);
  assert.deepEqual(bad, [], 'dynamic code evaluation in the package');
});
