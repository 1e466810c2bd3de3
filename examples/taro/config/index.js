// Taro build configuration (weapp). Taro bundles JS with webpack, which does not carry the
// .wasm along: `copy` puts it at the package root, where load({ wasmPath }) finds it.
module.exports = {
  projectName: 'heartsocket-chat',
  sourceRoot: 'src',
  outputRoot: 'dist',
  framework: 'react',
  compiler: 'webpack5',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
  copy: {
    patterns: [
      { from: 'node_modules/heartsocket/miniprogram/heartsocket_bg.wasm.br', to: 'dist/heartsocket_bg.wasm.br' },
    ],
    options: {},
  },
  mini: {},
};
