// `ws` ships no types and @types/ws is not installed: the part the simulator uses.
declare module 'ws' {
  import { EventEmitter } from 'node:events';
  export default class WebSocket extends EventEmitter {
    constructor(url: string, protocols?: string[], options?: { perMessageDeflate?: boolean });
    binaryType: 'nodebuffer' | 'arraybuffer' | 'fragments';
    readonly protocol: string;
    send(data: string | Buffer, options: { binary?: boolean }, cb?: (err?: Error) => void): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
  }
}
