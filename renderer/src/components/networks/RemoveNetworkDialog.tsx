import type { NetworkSummary } from '../../../../common/contract';
import { api } from '../../api/client';
import { useSubmit } from '../../hooks/useSubmit';
import { Modal } from '../Modal';

/** Confirms removing a network; the engine side refuses while containers are connected and names them. */
export function RemoveNetworkDialog({ network, onClose, onRemoved }: { network: NetworkSummary; onClose(): void; onRemoved(): void }) {
  const { submitting, error, submit } = useSubmit(onRemoved);
  return (
    <Modal title={`Delete network ${network.name}?`} onClose={onClose} onSubmit={() => void submit(() => api.call('networks.remove', { id: network.id }))} submitLabel="Delete network" submitting={submitting} danger error={error}>
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
