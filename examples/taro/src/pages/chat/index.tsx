// The chat page of seed 004, in Taro + React, on heartsocket: messages with roles me/server, an
// empty message refused with a toast, the socket closed when the page unloads (unmount).
import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Input, Button, ScrollView } from '@tarojs/components';
import type { HeartSocketCloseEvent, WebSocketClass } from 'heartsocket';
import { DEV } from '../../config';
import { loadSocketClass, serverUrl } from '../../socket';
import './index.css';

type Line = { id: number; content: string; role: 'me' | 'server' };
type Status = 'connecting' | 'online' | 'reconnecting' | 'closed';
type HeartSocket = WebSocketClass;

const STATUS_TEXT: Record<Status, string> = {
  connecting: '连接中…',
  online: '已连接',
  reconnecting: '重新连接中…',
  closed: '已断开',
};

/** What the server sent, as a line of text (`{"content": …}` JSON or the text itself). */
function textOf(data: unknown): string {
  if (typeof data !== 'string') return `[${(data as ArrayBuffer).byteLength} bytes]`;
  if (data.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(data);
      if (parsed && typeof (parsed as { content?: unknown }).content === 'string') {
        return (parsed as { content: string }).content;
      }
    } catch {
      // not JSON: shown as is
    }
  }
  return data;
}

export default function Chat() {
  const [list, setList] = useState<Line[]>([]);
  const [content, setContent] = useState('');
  const [status, setStatus] = useState<Status>('connecting');
  const ws = useRef<HeartSocket | null>(null);

  const push = (text: string, role: Line['role']) =>
    setList((old) => [...old, { id: old.length, content: text, role }]);

  useEffect(() => {
    let unloaded = false;
    // Mini-programs: heartsocket/miniprogram over Taro's SocketTask (Taro.miniGlobal, the raw
    // wx, when present); H5: the web entry. See socket.weapp.ts / socket.h5.ts.
    loadSocketClass().then((SocketClass) => {
      if (unloaded) return;
      const socket = new SocketClass(serverUrl(), (data) => push(textOf(data), 'server'), {
        name: 'chat',
        secureOnly: !DEV,
        heartbeat: { interval: 10000, timeout: 5000 },
      });
      socket.onopen = () => setStatus('online');
      socket.onclose = (e: HeartSocketCloseEvent) => setStatus(e.willReconnect ? 'reconnecting' : 'closed');
      socket.connect();
      ws.current = socket;
    }, (err: unknown) => {
      console.error('heartsocket failed to load', err);
      setStatus('closed');
      Taro.showToast({ title: '连接组件加载失败', icon: 'none', duration: 2000 });
    });
    return () => {
      // The page unloads: manual close (no reconnect), then release the instance.
      unloaded = true;
      ws.current?.close();
      ws.current?.free();
      ws.current = null;
    };
  }, []);

  const send = () => {
    if (!content) {
      Taro.showToast({ title: '消息不能为空', icon: 'none', duration: 2000 });
      return;
    }
    if (!ws.current) {
      Taro.showToast({ title: '尚未连接', icon: 'none', duration: 2000 });
      return;
    }
    // Sent now if the link is up, else queued and sent after the reconnect, in order, once.
    ws.current.send(content);
    push(content, 'me');
    setContent('');
  };

  const lastId = list.length ? `msg-${list.length - 1}` : '';
  return (
    <View className='chat'>
      <View className={`status ${status}`}>{STATUS_TEXT[status]}</View>
      <ScrollView className='list' scrollY scrollIntoView={lastId} scrollWithAnimation>
        {list.map((line) => (
          <View key={line.id} id={`msg-${line.id}`} className={`line ${line.role}`}>
            <Text className='bubble' userSelect>{line.content}</Text>
          </View>
        ))}
      </ScrollView>
      <View className='composer'>
        <Input
          className='input'
          value={content}
          onInput={(e) => setContent(e.detail.value)}
          onConfirm={send}
          confirmType='send'
          placeholder='说点什么…'
        />
        <Button className='send' size='mini' type='primary' onClick={send}>发送</Button>
      </View>
    </View>
  );
}
