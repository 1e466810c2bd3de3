// esbuild entry: partysocket's plain reconnecting WebSocket (`partysocket/ws`), the part
// comparable to heartsocket; the whole entry (with PartySocket rooms) is sized separately.
export { default } from 'partysocket/ws';
