// The page's behaviour, the same in examples/vite and examples/webpack: a status line fed by
// the socket's events, a composer, and a log of what was sent and what came back.
export function startChat(WebSocketClass) {
  const params = new URLSearchParams(location.search);
  const server = params.get('server') || location.host;
  const client = params.get('client') || 'web-example';
  const state = document.getElementById('state');
  const log = document.getElementById('log');
  const text = document.getElementById('text');

  const show = (name) => { state.textContent = name; state.dataset.state = name; };
  const line = (role, data) => {
    const li = document.createElement('li');
    li.dataset.role = role;
    li.textContent = typeof data === 'string' ? data : `[${data.byteLength ?? data.size} bytes]`;
    log.append(li);
  };

  const ws = new WebSocketClass(`ws://${server}/ws?client=${encodeURIComponent(client)}`,
    (data) => line('server', data), {
      name: 'example',
      reconnect: { minDelay: 250, maxDelay: 5000 },
    });
  ws.onopen = () => {
    state.dataset.opens = String(Number(state.dataset.opens) + 1);
    show('open');
  };
  ws.onclose = (e) => show(e.willReconnect ? 'reconnecting' : 'closed');
  document.getElementById('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!text.value) return;
    ws.send(text.value); // sent now, or queued and sent once after the reconnect
    line('me', text.value);
    text.value = '';
  });
  show('connecting');
  ws.connect();
  return ws;
}
