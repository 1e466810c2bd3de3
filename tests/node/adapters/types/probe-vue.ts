// What a Vue/uni-app user writes with heartsocket/vue, type-checked (see tsconfig.json).
import { ref } from 'vue';
import init, { WebSocketClass } from '../../../../pkg/heartsocket.js';
import { createHeartsocket, useHeartsocket, type HeartsocketStatus } from '../../../../pkg/vue/index.js';
import type { Loaded } from '../../../../pkg/miniprogram/index.js';

const useWeb = createHeartsocket(() => init().then(() => WebSocketClass));
declare const load: () => Promise<Loaded>;
const useMini = createHeartsocket(() => load());

const chat = useWeb('wss://example.com/ws', {
  heartbeat: { interval: 5000, timeout: 3000 },
  immediate: false,
  onMessage: (data, event) => { void data; void event.data; },
  onDrop: (e) => { const r: 'queue-full' | 'closed' | 'rejected' | 'unconfirmed' = e.reason; void r; },
});
const status: HeartsocketStatus = chat.status.value;
const queued: boolean = chat.send('hello');
const rtt: number | null = chat.stats.value.lastRtt;
const last = chat.data.value;
if (typeof last === 'string') last.toUpperCase();
chat.open();
chat.close(1000, 'bye');
chat.reconnect();
useMini(ref('wss://example.com/ws'));
useMini(() => 'wss://example.com/ws');
useHeartsocket('wss://example.com/ws', { WebSocketClass });

// @ts-expect-error status is a string union, not the numeric readyState
const wrong: number = chat.status.value;
// @ts-expect-error immediate is a boolean
useWeb('wss://example.com/ws', { immediate: 'yes' });
// @ts-expect-error unknown options are refused, as by the class
useWeb('wss://example.com/ws', { autoReconnect: true });
// @ts-expect-error the per-call form needs the class source
useHeartsocket('wss://example.com/ws', {});
void status; void queued; void rtt; void wrong;
