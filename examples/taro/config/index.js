// Taro build configuration (weapp and h5). Each target builds into dist/<target>/.
// Mini-program: webpack bundles the JS but does not carry the .wasm along, so `copy` puts the
// .wasm.br at the package root, which is where src/pages/chat passes load({ wasmPath }).
// H5: the page imports the web entry (`heartsocket`), whose .wasm webpack emits as an asset.
const env = process.env.TARO_ENV || 'weapp';
const outputRoot = `dist/${env}`;

module.exports = {
  projectName: 'heartsocket-chat',
  sourceRoot: 'src',
  outputRoot,
  framework: 'react',
  compiler: 'webpack5',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
  copy: {
    patterns: env === 'h5' ? [] : [
      { from: 'node_modules/heartsocket/miniprogram/heartsocket_bg.wasm.br', to: `${outputRoot}/heartsocket_bg.wasm.br` },
    ],
    options: {},
  },
  mini: {},
  h5: { publicPath: './', router: { mode: 'hash' } },
};
