import { useState } from 'react';
import type { ApiError } from '../../../../common/errors';
import { api } from '../../api/client';
import { inputClass, Modal } from '../Modal';
import { KeyValueField } from '../system/KeyValueField';
import { parseKeyValues } from '../system/key-values';

export function CreateVolumeDialog({ onClose, onCreated }: { onClose(): void; onCreated(name: string): void }) {
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('local');
  const [options, setOptions] = useState('');
  const [labels, setLabels] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const parsedOptions = parseKeyValues(options);
    const parsedLabels = parseKeyValues(labels);
    const problem = parsedOptions.error ?? parsedLabels.error;
    if (problem) return setError(problem);
    setBusy(true);
    setError(undefined);
    try {
      const volume = await api.call('volumes.create', {
        ...(name.trim() ? { name: name.trim() } : {}),
        driver: driver.trim() || 'local',
        driverOpts: parsedOptions.values,
        labels: parsedLabels.values,
      });
      onCreated(volume.name);
    } catch (err) {
      setError((err as ApiError).message);
      setBusy(false);
    }
  };

  return (
    <Modal title="Create volume" onClose={onClose} onSubmit={() => void submit()} submitLabel="Create" submitting={busy} error={error}>
      <div>
        <label htmlFor="volume-name" className="mb-1 block font-medium">
          Name <span className="font-normal text-slate-500 dark:text-slate-400">(empty: the engine picks one)</span>
        </label>
        <input id="volume-name" className={inputClass} value={name} onChange={(event) => setName(event.target.value)} autoFocus />
      </div>
      <div>
        <label htmlFor="volume-driver" className="mb-1 block font-medium">
          Driver
        </label>
        <input id="volume-driver" className={inputClass} value={driver} onChange={(event) => setDriver(event.target.value)} />
      </div>
      <KeyValueField label="Driver options" value={options} onChange={setOptions} placeholder={'type=tmpfs\ndevice=tmpfs\no=size=100m'} />
      <KeyValueField label="Labels" value={labels} onChange={setLabels} placeholder="com.example.team=web" />
    </Modal>
  );
}
