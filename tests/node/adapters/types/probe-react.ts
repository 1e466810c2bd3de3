// What a React/Taro user writes with heartsocket/react, type-checked (see tsconfig.json).
import { WebSocketClass } from '../../../../pkg/bundler/heartsocket.js';
import { createHeartsocket, type UseHeartsocketResult } from '../../../../pkg/react/index.js';

const useHeartsocket = createHeartsocket(WebSocketClass);

export function useChat(token: string): UseHeartsocketResult {
  const chat = useHeartsocket(`wss://example.com/ws?token=${token}`, {
    reconnect: { minDelay: 1000, maxDelay: 30000 },
    onMessage: (data) => { void data; },
  });
  const open: boolean = chat.status === 'OPEN';
  const sent: number = chat.stats.sent;
  // @ts-expect-error send takes data, not a number
  chat.send(42);
  // @ts-expect-error status is a string union, not the numeric readyState
  const wrong: number = chat.status;
  useHeartsocket(async () => `wss://example.com/ws?token=${token}`);
  void open; void sent; void wrong;
  return chat;
}
