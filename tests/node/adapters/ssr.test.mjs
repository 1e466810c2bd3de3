// Server-side rendering in Node with the real vue/server-renderer and react-dom/server (React 18
// and 19): importing the adapter and rendering a component that calls useHeartsocket (and even
// send()) touches no browser global, never calls the class source (no wasm loaded, no socket),
// and renders the status the client's first render will also show.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { createSSRApp, defineComponent, h as vh } from 'vue';
import { renderToString as vueRender } from 'vue/server-renderer';
import { pkgDir, assertBuilt, reactAlias } from './lib.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const GLOBALS = ['window', 'document', 'self', 'navigator', 'location', 'localStorage', 'WebSocket', 'fetch',
  'XMLHttpRequest', 'WXWebAssembly', 'wx', 'uni', 'my'];

/** Replaces browser-ish globals by getters that record who read them; restore() puts them back. */
function trapGlobals() {
  const saved = new Map();
  const touched = [];
  for (const name of GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(`${name}: ${new Error().stack.split('\n').slice(2, 5).join(' | ')}`);
        return undefined;
      },
    });
  }
  return {
    touched,
    restore() {
      for (const [name, d] of saved) {
        if (d) Object.defineProperty(globalThis, name, d);
        else delete globalThis[name];
      }
    },
  };
}

const URL_ = 'wss://example.invalid/ws';
let sourceCalls = 0;
/** The web source a real app would bind: never called while rendering on the server. */
const source = () => {
  sourceCalls += 1;
  return import(pathToFileURL(path.join(pkgDir, 'heartsocket.js')).href).then(async (m) => {
    await m.default();
    return m.WebSocketClass;
  });
};

before(() => assertBuilt());

test('vue: import + renderToString touch no browser global and load nothing', async () => {
  // Vue's own renderer set-up peeks at `window` once (its devtools hook): done before the traps.
  createSSRApp({ render: () => null });
  const trap = trapGlobals();
  try {
    const { createHeartsocket } = await import(pathToFileURL(path.join(pkgDir, 'vue', 'index.js')).href);
    const useHeartsocket = createHeartsocket(source);
    const sent = [];
    const Page = defineComponent({
      setup() {
        const live = useHeartsocket(URL_);
        const idle = useHeartsocket(URL_, { immediate: false });
        sent.push(live.send('queued on the server'));
        return () => vh('p', null, `${live.status.value}/${idle.status.value}/${live.data.value}/${live.stats.value.queued}`);
      },
    });
    const html = await vueRender(createSSRApp(Page));
    assert.equal(html, '<p>CONNECTING/CLOSED/null/1</p>');
    assert.deepEqual(sent, [false]);
  } finally {
    trap.restore();
  }
  assert.deepEqual(trap.touched, []);
  assert.equal(sourceCalls, 0, 'the class source is not called during SSR');
});

/** A Node bundle of the SSR entry against one React major (React and the adapter inside). */
async function reactServerBundle(major, dir) {
  const outfile = path.join(dir, `ssr-react${major}.mjs`);
  await esbuild.build({
    entryPoints: [path.join(here, 'pages', 'react-ssr.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    alias: reactAlias(major),
    define: { 'process.env.NODE_ENV': '"production"' },
    // React's CommonJS inside an ES module bundle needs a require for Node's built-ins.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

for (const major of [18, 19]) {
  test(`react ${major}: renderToString touches no browser global and loads nothing`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hs-ssr-'));
    try {
      const mod = await import(pathToFileURL(await reactServerBundle(major, dir)).href);
      assert.match(mod.version, new RegExp(`^${major}\\.`));
      const before = sourceCalls;
      const trap = trapGlobals();
      let out;
      try {
        out = mod.render(source, URL_);
      } finally {
        trap.restore();
      }
      // The snapshot was read before the send: React renders the state as of the hook call.
      assert.equal(out.html, '<p>CONNECTING/CLOSED/null/0</p>');
      assert.deepEqual(out.sent, [false]);
      assert.deepEqual(trap.touched, []);
      assert.equal(sourceCalls, before, 'the class source is not called during SSR');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
