import { useState } from 'react';
import { formatBytes } from '../../lib/format';
import { Modal } from '../Modal';
import { useStreamTask } from './useStreamTask';
import { FormField } from '../FormField';
import { PathField } from '../PathField';

function defaultFileName(name: string): string {
  return `${name.replace(/^.*\//, '').replace(/[^a-zA-Z0-9._-]+/g, '_')}.tar`;
}

/** `docker save` into a new .tar file on the machine Berth runs on. */
export function SaveDialog({ reference, onClose }: { reference: string; onClose(): void }) {
  const [filePath, setFilePath] = useState(`/tmp/${defaultFileName(reference)}`);
  const [invalid, setInvalid] = useState<string>();
  const task = useStreamTask('images.save');
  const busy = task.state === 'running';
  const finished = task.state === 'done';
  const submit = () => {
    if (finished) return onClose();
    const target = filePath.trim();
    if (!target.startsWith('/')) return setInvalid('Give the full path of the file, starting with /.');
    if (!target.endsWith('.tar')) return setInvalid('Name the file with a .tar extension.');
    setInvalid(undefined);
    task.start({ references: [reference], path: target });
  };
  const written = task.last?.bytes ?? 0;
  return (
    <Modal
      title={`Save ${reference}`}
      submitLabel={finished ? 'Close' : busy ? 'Saving' : 'Save'}
      submitting={busy}
      onSubmit={submit}
      onClose={() => {
        task.cancel();
        onClose();
      }}
      error={invalid ?? (task.error ? `The save failed: ${task.error}` : undefined)}
    >
      <FormField id="save-path" label="File" note="A new file on the computer Berth runs on; an existing file is never overwritten.">
        <PathField
          id="save-path"
          autoFocus
          value={filePath}
          disabled={busy || finished}
          onChange={setFilePath}
          pick={{ kind: 'save', title: 'Save the image as', filters: [{ name: 'Image archives', extensions: ['tar'] }] }}
        />
      </FormField>
      {task.state !== 'idle' ? (
        <p role="status" className="tabular-nums">
          {finished ? `Saved ${formatBytes(written)} to ${task.last?.kind === 'done' ? task.last.path : filePath}.` : `${formatBytes(written)} written…`}
        </p>
      ) : null}
    </Modal>
  );
}
