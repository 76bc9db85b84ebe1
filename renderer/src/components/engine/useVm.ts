import { useEffect, useState } from 'react';
import type { VmPortForward, VmResources, VmStatus } from '../../../../common/contract';
import { api } from '../../api/client';

/** Berth's VM's live status (re-subscribed by the client after a reconnect). */
export function useVm(): VmStatus | undefined {
  const [status, setStatus] = useState<VmStatus>();
  useEffect(() => {
    const subscription = api.subscribe('vm.status', {}, { onEvent: setStatus });
    return () => subscription.unsubscribe();
  }, []);
  return status;
}

/** Host memory of the VM's processes, sampled by the main process only while a component using this is mounted. */
export function useVmResources(enabled: boolean): VmResources | undefined {
  const [resources, setResources] = useState<VmResources>();
  useEffect(() => {
    if (!enabled) {
      setResources(undefined);
      return;
    }
    const subscription = api.subscribe('vm.resources', {}, { onEvent: setResources });
    return () => subscription.unsubscribe();
  }, [enabled]);
  return resources;
}

/** The VM's published-port forwards on host loopback (empty while the VM is not running). */
export function useVmPorts(): VmPortForward[] {
  const [ports, setPorts] = useState<VmPortForward[]>([]);
  useEffect(() => {
    const subscription = api.subscribe('vm.ports', {}, { onEvent: setPorts });
    return () => subscription.unsubscribe();
  }, []);
  return ports;
}
