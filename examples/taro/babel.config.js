// Taro compiles the app with Babel: its preset strips TypeScript (`import type` included) and
// transforms JSX. Without this file `taro build` stops at the first type import.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
