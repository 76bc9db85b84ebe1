import { useSyncExternalStore } from 'react';
import type { EngineStatus } from '../../../common/contract';
import { api, transport } from '../api/client';
import type { TransportState } from '../api/websocket-port';

let current: EngineStatus = { state: 'connecting', endpoint: '', since: Date.now() };
/** Whether the engine answered at least once since this page opened: only then is there a "last known state". */
let everConnected = false;
const listeners = new Set<() => void>();

// One subscription for the whole page; every component reads the same value.
api.subscribe('engine.status', {}, {
  onEvent: (status) => {
    current = status;
    if (status.state === 'connected') everConnected = true;
    for (const listener of listeners) listener();
  },
});

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useEngineStatus(): EngineStatus {
  return useSyncExternalStore(subscribe, () => current);
}

/** True while the engine cannot be reached: actions that need it are disabled. */
export function useEngineUnreachable(): boolean {
  return useSyncExternalStore(subscribe, () => current.state === 'unreachable');
}

export function engineEverConnected(): boolean {
  return everConnected;
}

export function useTransportState(): TransportState {
  return useSyncExternalStore(transport.onStateChange, transport.state);
}

/** Subscribes to engine status changes outside React (for data hooks that reload on reconnect). */
export function onEngineStatus(listener: (status: EngineStatus) => void): () => void {
  const wrapped = () => listener(current);
  listeners.add(wrapped);
  return () => listeners.delete(wrapped);
}

/** Calls back each time the engine is connected again after it was not (data on screen may be stale). */
export function onEngineReconnect(listener: () => void): () => void {
  let wasConnected = true;
  return onEngineStatus((status) => {
    if (status.state === 'connected' && !wasConnected) listener();
    wasConnected = status.state === 'connected';
  });
}

export function engineStatusNow(): EngineStatus {
  return current;
}
