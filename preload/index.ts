import { contextBridge, ipcRenderer } from 'electron';
import { createClient, type StreamHandlers } from '../common/client';
import type { Contract } from '../common/contract';
import type { ResponseMessage } from '../common/protocol';
import type { BridgeApi } from '../common/bridge';

const REQUEST_CHANNEL = 'berth:request';
const RESPONSE_CHANNEL = 'berth:response';

const listeners = new Set<(message: ResponseMessage) => void>();
ipcRenderer.on(RESPONSE_CHANNEL, (_event, message: ResponseMessage) => {
  for (const listener of listeners) listener(message);
});

const client = createClient<Contract>({
  send: (message) => ipcRenderer.send(REQUEST_CHANNEL, message),
  onMessage: (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
});

// Only the typed client crosses the bridge, never ipcRenderer. Errors cross as plain {code, message} objects
// because the bridge strips custom properties from Error instances.
const bridge: BridgeApi = {
  call: (method, input) =>
    client.call(method as never, input as never).catch((error: { code?: string; message?: string }) => {
      throw { code: error.code ?? 'internal', message: error.message ?? String(error) };
    }),
  subscribe: (stream, input, handlers: StreamHandlers<unknown>) => {
    const subscription = client.subscribe(stream as never, input as never, {
      onEvent: (event) => handlers.onEvent(event),
      onEnd: (error) => handlers.onEnd?.(error ? ({ code: error.code, message: error.message } as never) : undefined),
    });
    return { unsubscribe: () => subscription.unsubscribe() };
  },
};

contextBridge.exposeInMainWorld('berth', bridge);
