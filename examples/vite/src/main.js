// A chat line over heartsocket, bundled by Vite. The server defaults to the page's own host;
// `?server=host:port` and `?client=id` point it elsewhere (the tests use both).
import init, { WebSocketClass } from 'heartsocket';
import { startChat } from './chat.js';

init().then(() => startChat(WebSocketClass), (err) => {
  document.getElementById('state').textContent = `failed to load: ${err}`;
  throw err;
});
