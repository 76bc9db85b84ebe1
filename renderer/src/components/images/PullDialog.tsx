import { useState } from 'react';
import { parseImageReference } from '../../../../common/image-reference';
import { inputClass, Modal } from '../Modal';
import { TransferProgressView } from './TransferProgressView';
import { useStreamTask } from './useStreamTask';
import { FormField } from '../FormField';

/** Pulls an image by reference with per-layer progress; closing the dialog cancels a pull under way. */
export function PullDialog({ initialReference = '', onClose }: { initialReference?: string; onClose(): void }) {
  const [reference, setReference] = useState(initialReference);
  const [touched, setTouched] = useState(Boolean(initialReference));
  const task = useStreamTask('images.pull');
  const parsed = parseImageReference(reference);
  const invalid = 'error' in parsed ? parsed.error : undefined;
  const busy = task.state === 'running';
  const finished = task.state === 'done';

  const submit = () => {
    if (finished) return onClose();
    setTouched(true);
    if (invalid) return;
    task.start({ reference: reference.trim() });
  };

  return (
    <Modal
      title="Pull an image"
      submitLabel={finished ? 'Close' : busy ? 'Pulling' : task.state === 'failed' || task.state === 'cancelled' ? 'Try again' : 'Pull'}
      submitting={busy}
      onSubmit={submit}
      onClose={() => {
        task.cancel();
        onClose();
      }}
      error={task.error ? `The pull failed: ${task.error}` : undefined}
      wide
    >
      <FormField id="pull-reference" label="Image">
        <input
          id="pull-reference"
          autoFocus
          value={reference}
          disabled={busy}
          onChange={(event) => setReference(event.target.value)}
          onBlur={() => setTouched(true)}
          placeholder="nginx:1.27, team/app@sha256:…, 127.0.0.1:5000/ns/app:tag"
          aria-invalid={touched && Boolean(invalid)}
          className={`${inputClass} font-mono`}
        />
        {touched && invalid ? (
          <p className="mt-1 text-xs text-rose-700 dark:text-rose-300">{invalid}</p>
        ) : !invalid && 'canonical' in parsed ? (
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            Pulls <span className="font-mono">{parsed.canonical}</span> from {parsed.registry === 'docker.io' ? 'Docker Hub' : parsed.registry}.
          </p>
        ) : null}
      </FormField>
      {task.state === 'running' || task.last ? <TransferProgressView event={task.last} state={task.state} what="Pull" /> : null}
    </Modal>
  );
}
