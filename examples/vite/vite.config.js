// Nothing heartsocket-specific: Vite sees `new URL('heartsocket_bg.wasm', import.meta.url)` in
// the glue and emits the .wasm as an asset (dist/assets/heartsocket_bg-<hash>.wasm).
// `base: './'` only lets dist/ be served from any folder.
import { defineConfig } from 'vite';

export default defineConfig({ base: './' });
