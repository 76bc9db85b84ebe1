import { useState } from 'react';
import type { LoadEvent } from '../../../../common/contract';
import { Modal } from '../Modal';
import { ByteProgress } from './ProgressBar';
import { useStreamTask } from './useStreamTask';
import { FormField } from '../FormField';
import { PathField } from '../PathField';

/** `docker load` from a .tar file on the machine Berth runs on, with the bytes read as progress. */
export function LoadDialog({ onClose }: { onClose(): void }) {
  const [filePath, setFilePath] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const [progress, setProgress] = useState<Extract<LoadEvent, { kind: 'progress' }>>();
  const [loaded, setLoaded] = useState<string[]>([]);
  const task = useStreamTask('images.load', (event) => {
    if (event.kind === 'progress') setProgress(event);
    if (event.kind === 'done') setLoaded(event.loaded);
  });
  const busy = task.state === 'running';
  const finished = task.state === 'done';
  const submit = () => {
    if (finished) return onClose();
    const source = filePath.trim();
    if (!source.startsWith('/')) return setInvalid('Give the full path of the .tar file, starting with /.');
    setInvalid(undefined);
    setProgress(undefined);
    setLoaded([]);
    task.start({ path: source });
  };
  return (
    <Modal
      title="Load images from a .tar"
      submitLabel={finished ? 'Close' : busy ? 'Loading' : 'Load'}
      submitting={busy}
      onSubmit={submit}
      onClose={() => {
        task.cancel();
        onClose();
      }}
      error={invalid ?? (task.error ? `The load failed: ${task.error}` : undefined)}
    >
      <FormField id="load-path" label="File" note="A file made by docker save (or Berth's Save), on the computer Berth runs on.">
        <PathField
          id="load-path"
          autoFocus
          value={filePath}
          disabled={busy}
          onChange={setFilePath}
          placeholder="/home/you/images/app.tar"
          pick={{ kind: 'file', title: 'Load images from', filters: [{ name: 'Image archives', extensions: ['tar', 'tar.gz', 'tgz'] }, { name: 'All files', extensions: ['*'] }] }}
        />
      </FormField>
      {progress && !finished ? (
        <ByteProgress done={progress.bytes} total={progress.totalBytes} verb="read" label="Load progress" />
      ) : null}
      {finished ? (
        <div role="status">
          <p>Loaded:</p>
          <ul className="list-inside list-disc font-mono text-xs">
            {loaded.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </Modal>
  );
}
