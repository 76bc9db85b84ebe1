import { useState } from 'react';
import { api } from '../../api/client';
import { useSubmit } from '../../hooks/useSubmit';
import { inputClass, Modal } from '../Modal';
import { KeyValueField } from '../system/KeyValueField';
import { parseKeyValues } from '../system/key-values';
import { FormField } from '../FormField';

export function CreateVolumeDialog({ onClose, onCreated }: { onClose(): void; onCreated(name: string): void }) {
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('local');
  const [options, setOptions] = useState('');
  const [labels, setLabels] = useState('');
  const { submitting, error, setError, submit: run } = useSubmit(onCreated);

  const submit = async () => {
    const parsedOptions = parseKeyValues(options);
    const parsedLabels = parseKeyValues(labels);
    const problem = parsedOptions.error ?? parsedLabels.error;
    if (problem) return setError(problem);
    await run(async () => {
      const volume = await api.call('volumes.create', {
        ...(name.trim() ? { name: name.trim() } : {}),
        driver: driver.trim() || 'local',
        driverOpts: parsedOptions.values,
        labels: parsedLabels.values,
      });
      return volume.name;
    });
  };

  return (
    <Modal title="Create volume" onClose={onClose} onSubmit={() => void submit()} submitLabel="Create" submitting={submitting} error={error}>
      <FormField id="volume-name" label="Name" aside="empty: the engine picks one">
        <input id="volume-name" className={inputClass} value={name} onChange={(event) => setName(event.target.value)} autoFocus />
      </FormField>
      <FormField id="volume-driver" label="Driver">
        <input id="volume-driver" className={inputClass} value={driver} onChange={(event) => setDriver(event.target.value)} />
      </FormField>
      <KeyValueField label="Driver options" value={options} onChange={setOptions} placeholder={'type=tmpfs\ndevice=tmpfs\no=size=100m'} />
      <KeyValueField label="Labels" value={labels} onChange={setLabels} placeholder="com.example.team=web" />
    </Modal>
  );
}
