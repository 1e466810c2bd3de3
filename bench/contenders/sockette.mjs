// esbuild entry: sockette, for the size table.
export { default } from 'sockette';
