// The React SSR entry (bundled for Node by ../ssr.test.mjs against React 18 or 19): renders a
// component that calls useHeartsocket, and sends, with react-dom/server.
import { createElement as h, version } from 'react';
import { renderToString } from 'react-dom/server';
import { createHeartsocket } from '../../../../pkg/react/index.js';

export { version };

export function render(source, url) {
  const useHeartsocket = createHeartsocket(source);
  const sent = [];
  function Page() {
    const live = useHeartsocket(url);
    const idle = useHeartsocket(url, { immediate: false });
    sent.push(live.send('queued on the server'));
    return h('p', null, `${live.status}/${idle.status}/${live.data}/${live.stats.queued}`);
  }
  return { html: renderToString(h(Page)), sent };
}
