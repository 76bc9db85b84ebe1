import { useEffect, useState } from 'react';
import type { ComposeAction, ComposeDownPreview } from '../../../../common/contract/compose';
import type { ApiError } from '../../../../common/errors';
import { api } from '../../api/client';
import { inputClass, Modal } from '../Modal';

function Names({ title, names }: { title: string; names: string[] }) {
  return (
    <div>
      <p className="font-medium">
        {title} ({names.length})
      </p>
      {names.length ? (
        <ul className="mt-1 list-inside list-disc font-mono text-xs text-slate-600 dark:text-slate-300">
          {names.map((name) => (
            <li key={name}>{name}</li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-slate-500">none</p>
      )}
    </div>
  );
}

/** `compose down`, confirmed with the names of what it deletes (read from the engine's labels). */
export function DownDialog({ project, onClose, onConfirm }: { project: string; onClose(): void; onConfirm(action: ComposeAction): void }) {
  const [preview, setPreview] = useState<ComposeDownPreview>();
  const [error, setError] = useState<string>();
  const [removeVolumes, setRemoveVolumes] = useState(false);
  const [removeImages, setRemoveImages] = useState<'none' | 'local' | 'all'>('none');
  useEffect(() => {
    api.call('compose.downPreview', { project }).then(setPreview, (err: ApiError) => setError(err.message));
  }, [project]);
  return (
    <Modal
      title={`Down: ${project}`}
      submitLabel="Down"
      danger
      error={error}
      onClose={onClose}
      onSubmit={() => onConfirm({ kind: 'down', removeVolumes, removeImages })}
    >
      <p>Stops and deletes the project's containers and networks, as <code>compose down</code> does.</p>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={removeVolumes} onChange={(event) => setRemoveVolumes(event.target.checked)} />
        Also delete its volumes (their data is lost)
      </label>
      <label className="flex items-center gap-2">
        Remove images
        <select aria-label="Remove images" className={`${inputClass} w-auto`} value={removeImages} onChange={(event) => setRemoveImages(event.target.value as typeof removeImages)}>
          <option value="none">none</option>
          <option value="local">built by this project (no custom tag)</option>
          <option value="all">all images its services use</option>
        </select>
      </label>
      {preview ? (
        <div data-testid="down-preview" className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <p className="font-semibold">Will be deleted:</p>
          <Names title="Containers" names={preview.containers} />
          <Names title="Networks" names={preview.networks} />
          {removeVolumes ? <Names title="Volumes" names={preview.volumes} /> : null}
          {removeImages !== 'none' ? <Names title={removeImages === 'all' ? 'Images' : 'Images (those built by Compose, among)'} names={preview.images} /> : null}
        </div>
      ) : error ? null : (
        <p className="text-slate-500">Reading what the project has…</p>
      )}
    </Modal>
  );
}
