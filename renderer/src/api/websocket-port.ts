import type { MessagePort, RequestMessage, ResponseMessage } from '../../../common/protocol';

export type TransportState = 'connecting' | 'open' | 'closed';

export interface WebSocketPort extends MessagePort {
  /** Called after the socket re-opened, so the client can re-open its streams. */
  onReconnect(listener: () => void): void;
  onStateChange(listener: (state: TransportState) => void): () => void;
  readonly state: TransportState;
}

const MAX_BACKOFF_MS = 5000;

/** Browser mode's transport: one WebSocket to the page's own origin, re-opened with backoff when it drops. */
export function createWebSocketPort(url: string): WebSocketPort {
  const messageListeners = new Set<(message: ResponseMessage) => void>();
  const stateListeners = new Set<(state: TransportState) => void>();
  let reconnectListener: () => void = () => undefined;
  let socket: WebSocket | undefined;
  let queue: string[] = [];
  let state: TransportState = 'connecting';
  let backoff = 250;
  let everOpened = false;

  const setState = (next: TransportState) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(state);
  };

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      backoff = 250;
      setState('open');
      const pending = queue;
      queue = [];
      for (const data of pending) ws.send(data);
      if (everOpened) reconnectListener();
      everOpened = true;
    };
    ws.onmessage = (event) => {
      let message: ResponseMessage;
      try {
        message = JSON.parse(String(event.data)) as ResponseMessage;
      } catch {
        return;
      }
      for (const listener of messageListeners) listener(message);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      setState('closed');
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
  };
  connect();

  return {
    send(message: RequestMessage) {
      const data = JSON.stringify(message);
      if (socket?.readyState === WebSocket.OPEN) socket.send(data);
      else if (message.t !== 'unsub') queue.push(data); // streams are re-opened on reconnect anyway
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListener = listener;
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    get state() {
      return state;
    },
  };
}
