import { useEffect, useRef, useState } from 'react';
import type { VolumeSummary } from '../../../../common/contract';
import { inputClass, Modal } from '../Modal';
import { importIntoVolume } from './volume-upload';
import { TransferBar } from './TransferBar';
import { FormField } from '../FormField';

/** Imports a .tar / .tar.gz (such as an export) into a new volume or an empty existing one. */
export function ImportVolumeDialog({ volumes, initialTarget, onClose, onImported }: { volumes: VolumeSummary[]; initialTarget?: string; onClose(): void; onImported(name: string): void }) {
  const [file, setFile] = useState<File>();
  const [mode, setMode] = useState<'new' | 'existing'>(initialTarget ? 'existing' : 'new');
  const [newName, setNewName] = useState('');
  const [existing, setExisting] = useState(initialTarget ?? volumes[0]?.name ?? '');
  const [sent, setSent] = useState<number>();
  const [error, setError] = useState<string>();
  const controller = useRef<AbortController>(undefined);

  useEffect(() => () => controller.current?.abort(), []);

  const target = mode === 'new' ? newName.trim() : existing;

  const submit = async () => {
    if (!file) return setError('Choose a .tar or .tar.gz file first.');
    if (!target) return setError(mode === 'new' ? 'Name the new volume.' : 'Choose the volume to import into.');
    setError(undefined);
    controller.current = new AbortController();
    setSent(0);
    try {
      await importIntoVolume(file, { name: target, create: mode === 'new' }, setSent, controller.current.signal);
      onImported(target);
    } catch (err) {
      setError((err as Error).message);
      setSent(undefined);
    }
  };

  const close = () => {
    controller.current?.abort();
    onClose();
  };

  return (
    <Modal title="Import into a volume" onClose={close} onSubmit={() => void submit()} submitLabel="Import" submitting={sent !== undefined} error={error}>
      <FormField id="import-file" label="Archive" note="A tar or .tar.gz, for example one exported from Berth. Its contents land at the volume's root.">
        <input id="import-file" type="file" accept=".tar,.tgz,.gz,application/x-tar,application/gzip" onChange={(event) => setFile(event.target.files?.[0])} className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-700 dark:file:border-slate-700 dark:file:bg-slate-800 dark:file:text-slate-200" />
      </FormField>
      <fieldset className="space-y-2">
        <legend className="mb-1 font-medium">Into</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="import-mode" checked={mode === 'new'} onChange={() => setMode('new')} className="accent-cyan-600" />a new volume
        </label>
        {mode === 'new' ? <input aria-label="New volume name" className={inputClass} value={newName} onChange={(event) => setNewName(event.target.value)} placeholder="restored-data" /> : null}
        <label className="flex items-center gap-2">
          <input type="radio" name="import-mode" checked={mode === 'existing'} onChange={() => setMode('existing')} disabled={!volumes.length} className="accent-cyan-600" />
          an existing, empty volume
        </label>
        {mode === 'existing' ? (
          <select aria-label="Existing volume" className={inputClass} value={existing} onChange={(event) => setExisting(event.target.value)}>
            {volumes.map((volume) => (
              <option key={volume.name} value={volume.name}>
                {volume.name}
              </option>
            ))}
          </select>
        ) : null}
      </fieldset>
      {sent !== undefined && file ? <TransferBar label={`Importing ${file.name}`} sentBytes={sent} totalBytes={file.size} /> : null}
    </Modal>
  );
}
