import { useEffect, useState } from 'react';
import type { ManagedEngineStatus } from '../../../../common/contract';
import { api } from '../../api/client';

/** The managed engine's live status (re-subscribed by the client after a reconnect). */
export function useManagedEngine(): ManagedEngineStatus | undefined {
  const [status, setStatus] = useState<ManagedEngineStatus>();
  useEffect(() => {
    const subscription = api.subscribe('engine.managed.status', {}, { onEvent: setStatus });
    return () => subscription.unsubscribe();
  }, []);
  return status;
}
