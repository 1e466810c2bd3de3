// A chat line over heartsocket, bundled by webpack 5. `heartsocket/bundler` imports its .wasm as
// an ES module: webpack's experiments.asyncWebAssembly emits and instantiates it, so there is
// no init() call. `?server=host:port` and `?client=id` point the page at a server.
import { WebSocketClass } from 'heartsocket/bundler';
import { startChat } from './chat.js';

startChat(WebSocketClass);
