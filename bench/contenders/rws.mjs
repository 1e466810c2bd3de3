// esbuild entry: reconnecting-websocket as the page (and a user's bundler) would ship it.
export { default } from 'reconnecting-websocket';
