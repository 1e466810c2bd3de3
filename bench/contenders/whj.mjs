// esbuild entry: websocket-heartbeat-js (CommonJS), for the size table.
export { default } from 'websocket-heartbeat-js';
