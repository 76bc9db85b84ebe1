import { useState } from 'react';
import type { NetworkSummary } from '../../../../common/contract';
import type { ApiError } from '../../../../common/errors';
import { api } from '../../api/client';
import { Modal } from '../Modal';

/** Confirms removing a network; the engine side refuses while containers are connected and names them. */
export function RemoveNetworkDialog({ network, onClose, onRemoved }: { network: NetworkSummary; onClose(): void; onRemoved(): void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.call('networks.remove', { id: network.id });
      onRemoved();
    } catch (err) {
      setError((err as ApiError).message);
      setBusy(false);
    }
  };
  return (
    <Modal title={`Delete network ${network.name}?`} onClose={onClose} onSubmit={() => void submit()} submitLabel="Delete network" submitting={busy} danger error={error}>
      {network.containers.length ? (
        <p>
          Connected now: <span className="font-medium">{network.containers.join(', ')}</span>. The network can only go once they are disconnected.
        </p>
      ) : (
        <p>No container is connected to it.</p>
      )}
    </Modal>
  );
}
