import { useState } from 'react';
import { isValidRepository, isValidTag, splitTag } from '../../../../common/image-reference';
import { api } from '../../api/client';
import { useSubmit } from '../../hooks/useSubmit';
import { inputClass, Modal } from '../Modal';
import { FormField } from '../FormField';

/** Adds a `repository:tag` name to an image. */
export function TagDialog({ imageId, suggestion, onClose }: { imageId: string; suggestion?: string; onClose(): void }) {
  const initial = splitTag(suggestion ?? '');
  const [repository, setRepository] = useState(initial.repository);
  const [tag, setTag] = useState(initial.tag ?? 'latest');
  const { submitting, error, setError, submit: run } = useSubmit<unknown>(onClose);
  const submit = async () => {
    const repo = repository.trim();
    if (!isValidRepository(repo)) return setError('The repository is lowercase letters, digits and . _ - separated by /, optionally after a registry host (127.0.0.1:5000/team/app).');
    if (!isValidTag(tag.trim())) return setError('A tag is up to 128 letters, digits, _ . and -, not starting with . or -.');
    await run(() => api.call('images.tag', { id: imageId, repository: repo, tag: tag.trim() }));
  };
  return (
    <Modal title="Tag image" submitLabel="Add tag" submitting={submitting} onSubmit={() => void submit()} onClose={onClose} error={error}>
      <FormField id="tag-repository" label="Repository">
        <input id="tag-repository" autoFocus value={repository} onChange={(event) => setRepository(event.target.value)} placeholder="127.0.0.1:5000/team/app" className={`${inputClass} font-mono`} />
      </FormField>
      <FormField id="tag-tag" label="Tag">
        <input id="tag-tag" value={tag} onChange={(event) => setTag(event.target.value)} className={`${inputClass} font-mono`} />
      </FormField>
    </Modal>
  );
}
