import { useCallback, useEffect, useState } from 'react';
import type { DockerContextState, ProxyStatus } from '../../../../common/contract';
import { api } from '../../api/client';

/**
 * Berth's engine socket, live (re-subscribed by the client after a reconnect). `setContext` shows the result of a
 * context action at once, before the next status push carries it.
 */
export function useProxyStatus(): { status: ProxyStatus | undefined; setContext(context: DockerContextState): void } {
  const [status, setStatus] = useState<ProxyStatus>();
  useEffect(() => {
    const subscription = api.subscribe('proxy.status', {}, { onEvent: setStatus });
    return () => subscription.unsubscribe();
  }, []);
  const setContext = useCallback((context: DockerContextState) => setStatus((previous) => (previous ? { ...previous, context } : previous)), []);
  return { status, setContext };
}
