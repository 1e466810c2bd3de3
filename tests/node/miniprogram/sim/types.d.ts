// Shapes of the uni-app and Alipay APIs the simulators implement (no typings package is
// installed for them); written from their documentation, see docs/MINIPROGRAM.md.

/** A SocketTask as uni-app and Alipay document it (WeChat's shape, plus Alipay's isBuffer). */
export interface TaskLike {
  send(option: { data: string | ArrayBuffer; isBuffer?: boolean; success?: Function; fail?: Function; complete?: Function }): void;
  close(option?: { code?: number; reason?: string; success?: Function; fail?: Function; complete?: Function }): void;
  onOpen(cb: (res: object) => void): void;
  onMessage(cb: (res: { data: string | ArrayBuffer; isBuffer?: boolean }) => void): void;
  onError(cb: (res: object) => void): void;
  onClose(cb: (res: { code: number; reason: string }) => void): void;
}

interface ConnectOption {
  url: string;
  protocols?: string[];
  header?: Record<string, string>;
  success?: (res: any) => void;
  fail?: (res: any) => void;
  complete?: (res: any) => void;
}

interface Lifecycle {
  onAppHide(cb: Function): void;
  offAppHide(cb: Function): void;
  onAppShow(cb: Function): void;
  offAppShow(cb: Function): void;
  onNetworkStatusChange(cb: (res: { isConnected: boolean; networkType: string }) => void): void;
  offNetworkStatusChange(cb: Function): void;
}

export interface UniLike extends Lifecycle {
  /** A task when a callback is passed; otherwise a Promise of the call's result. */
  connectSocket(option: ConnectOption): TaskLike | Promise<unknown>;
  getFileSystemManager(): { readFileSync(path: string): ArrayBuffer };
}

export interface MyLike extends Lifecycle {
  /** A task only with `multiple: true`. */
  connectSocket(option: ConnectOption & { multiple?: boolean }): TaskLike | undefined;
  getFileSystemManager(): { readFileSync(option: { filePath: string }): { data: ArrayBuffer } };
}
