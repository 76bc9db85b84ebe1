import { useState } from 'react';
import { inputClass, Modal } from '../Modal';
import { TransferProgressView } from './TransferProgressView';
import { useStreamTask } from './useStreamTask';
import { FormField } from '../FormField';

/** Pushes one of an image's tags to its registry with per-layer progress. */
export function PushDialog({ tags, onClose }: { tags: string[]; onClose(): void }) {
  const [reference, setReference] = useState(tags.find((tag) => tag.includes('/')) ?? tags[0] ?? '');
  const task = useStreamTask('images.push');
  const busy = task.state === 'running';
  const finished = task.state === 'done';
  return (
    <Modal
      title="Push an image"
      submitLabel={finished ? 'Close' : busy ? 'Pushing' : 'Push'}
      submitting={busy}
      onSubmit={() => (finished ? onClose() : task.start({ reference }))}
      onClose={() => {
        task.cancel();
        onClose();
      }}
      error={task.error ? `The push failed: ${task.error}` : undefined}
      wide
    >
      <FormField id="push-reference" label="Tag to push">
        <select id="push-reference" value={reference} disabled={busy} onChange={(event) => setReference(event.target.value)} className={`${inputClass} font-mono`}>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          The registry is the first part of the name (Docker Hub when there is no host). Tag the image with a registry host to push elsewhere; log in
          on the Registries page if it needs credentials.
        </p>
      </FormField>
      {task.state === 'running' || task.last ? <TransferProgressView event={task.last} state={task.state} what="Push" /> : null}
    </Modal>
  );
}
