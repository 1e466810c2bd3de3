// Where the page's WebSocketClass comes from. Taro picks the file for the target it builds:
// socket.weapp.ts (the mini-program module over Taro's SocketTask) or socket.h5.ts (the web
// entry over the browser's WebSocket); this file is what TypeScript sees, and the fallback.
export { loadSocketClass, serverUrl } from './socket.weapp';
