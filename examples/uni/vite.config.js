// uni-app on Vite. Mini-program targets load the wasm with WXWebAssembly from a path inside
// the code package: the plugin below emits the package's .wasm.br as static/heartsocket_bg.wasm.br,
// where load({ host: 'uni' }) looks by default (the same place a file put in src/static/ lands).
// H5 needs nothing: Vite emits the web entry's .wasm as an asset.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'vite';
import uni from '@dcloudio/vite-plugin-uni';

const require = createRequire(import.meta.url);

function heartsocketWasm() {
  return {
    name: 'heartsocket-wasm',
    apply: 'build',
    generateBundle() {
      if (process.env.UNI_PLATFORM === 'h5') return;
      const dir = path.dirname(require.resolve('heartsocket/miniprogram'));
      this.emitFile({
        type: 'asset',
        fileName: 'static/heartsocket_bg.wasm.br',
        source: readFileSync(path.join(dir, 'heartsocket_bg.wasm.br')),
      });
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [uni(), heartsocketWasm()],
});
