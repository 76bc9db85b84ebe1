import { useState } from 'react';
import type { VolumeSummary } from '../../../../common/contract';
import { api } from '../../api/client';
import { useSubmit } from '../../hooks/useSubmit';
import { Modal } from '../Modal';
import { Checkbox } from '../system/Toolbar';

/**
 * Removing a volume in use is refused, naming the containers; forcing it (removing those containers too)
 * needs an explicit tick first.
 */
export function RemoveVolumeDialog({ volume, onClose, onRemoved }: { volume: VolumeSummary; onClose(): void; onRemoved(): void }) {
  const [force, setForce] = useState(false);
  const { submitting, error, setError, submit } = useSubmit(onRemoved);
  const inUse = volume.usedBy.length > 0;

  const onSubmit = () => {
    if (inUse && !force) return setError(`Volume "${volume.name}" is in use. Tick the box to remove its containers too, or cancel.`);
    void submit(() => api.call('volumes.remove', { name: volume.name, removeContainers: force }));
  };

  return (
    <Modal
      title={`Delete volume ${volume.name}?`}
      onClose={onClose}
      onSubmit={onSubmit}
      submitLabel={force ? 'Delete volume and containers' : 'Delete volume'}
      submitting={submitting}
      danger
      error={error}
    >
      <p>The volume and every file in it are deleted for good.</p>
      {inUse ? (
        <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950">
          <p>
            It is used by {volume.usedBy.length === 1 ? 'this container' : 'these containers'}:{' '}
            <span className="font-medium">{volume.usedBy.map((user) => `${user.name}${user.running ? ' (running)' : ''}`).join(', ')}</span>.
          </p>
          <Checkbox checked={force} onChange={setForce}>
            Also remove {volume.usedBy.length === 1 ? 'that container' : `those ${volume.usedBy.length} containers`} (running ones are killed)
          </Checkbox>
        </div>
      ) : null}
    </Modal>
  );
}
