import { createClient, currentInput, type ApiClient, type StreamHandlers } from '../../../common/client';
import type { BridgeApi } from '../../../common/bridge';
import type { Contract } from '../../../common/contract';
import { ApiError, type ApiErrorShape } from '../../../common/errors';
import { createWebSocketPort, type TransportState } from './websocket-port';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    berth?: BridgeApi;
  }
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const shape = error as Partial<ApiErrorShape> | undefined;
  return new ApiError(shape?.code ?? 'internal', shape?.message ?? String(error));
}

/** Wraps the preload's bridge back into the typed client, restoring `ApiError`s the bridge flattened. */
function clientFromBridge(bridge: BridgeApi): ApiClient<Contract> {
  return {
    call: (method, input) => bridge.call(method, input).catch((error: unknown) => Promise.reject(toApiError(error))) as never,
    subscribe: (stream, input, handlers) =>
      // IPC never reconnects: a stream is opened once, with the input as it is now.
      bridge.subscribe(stream, currentInput(input), {
        onEvent: (event) => handlers.onEvent(event as never),
        onEnd: (error?: ApiErrorShape) => handlers.onEnd?.(error ? toApiError(error) : undefined),
      } as StreamHandlers<unknown>),
  };
}

interface Transport {
  api: ApiClient<Contract>;
  state(): TransportState;
  onStateChange(listener: (state: TransportState) => void): () => void;
}

function createTransport(): Transport {
  if (window.berth) {
    return { api: clientFromBridge(window.berth), state: () => 'open', onStateChange: () => () => undefined };
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const port = createWebSocketPort(`${scheme}//${location.host}/api`);
  const client = createClient<Contract>(port);
  port.onReconnect(() => client.resubscribeAll());
  return { api: client, state: () => port.state, onStateChange: (listener) => port.onStateChange(listener) };
}

export const transport = createTransport();
export const api = transport.api;
