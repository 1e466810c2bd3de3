// webpack 5 for the `heartsocket/bundler` entry: asyncWebAssembly is the one setting it needs
// (the .wasm lands in dist/ under a hashed name and is fetched from output.publicPath).
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');

module.exports = {
  mode: 'production',
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist'), clean: true, publicPath: 'auto' },
  experiments: { asyncWebAssembly: true },
  plugins: [new HtmlWebpackPlugin({ template: 'index.html' })],
};
