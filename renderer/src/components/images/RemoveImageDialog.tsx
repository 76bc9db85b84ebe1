import { useState } from 'react';
import type { ImageSummary } from '../../../../common/contract';
import { api } from '../../api/client';
import { useSubmit } from '../../hooks/useSubmit';
import { shortId } from '../../lib/format';
import { Modal } from '../Modal';
import { plural } from '../../lib/plural';

/** Confirms removing an image; without force the engine's refusal (a container uses it) is shown in place. */
export function RemoveImageDialog({ image, onClose }: { image: ImageSummary; onClose(): void }) {
  const [force, setForce] = useState(false);
  const name = image.tags[0] ?? shortId(image.id);
  /**
   * With several tags, the user may remove just one name and keep the image. The title names one tag, so that tag
   * alone is what is chosen at first; the whole image is one click away.
   */
  const [onlyTag, setOnlyTag] = useState<string | undefined>(image.tags.length > 1 ? name : undefined);
  const { submitting, error, submit: run } = useSubmit<unknown>(onClose);
  const submit = () => run(() => api.call('images.remove', onlyTag ? { id: onlyTag, force: false } : { id: image.id, force }));
  return (
    <Modal title={`Remove ${name}?`} submitLabel="Remove" danger submitting={submitting} onSubmit={() => void submit()} onClose={onClose} error={error}>
      {image.tags.length > 1 ? (
        <fieldset className="space-y-1">
          <legend className="mb-1">This image has {plural(image.tags.length, 'tag')}. Remove:</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="remove-scope" checked={!onlyTag} onChange={() => setOnlyTag(undefined)} /> The whole image, with every tag
          </label>
          {image.tags.map((tag) => (
            <label key={tag} className="flex items-center gap-2">
              <input type="radio" name="remove-scope" checked={onlyTag === tag} onChange={() => setOnlyTag(tag)} /> Only the tag <span className="break-all font-mono text-xs">{tag}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <p>{onlyTag ? `${onlyTag} no longer names the image; the image and its other tags stay.` : 'The image is deleted from this engine. You can pull or build it again later.'}</p>
      {image.containers > 0 && !onlyTag ? (
        <p className="text-amber-800 dark:text-amber-200">
          {image.containers} {image.containers === 1 ? 'container uses' : 'containers use'} this image.
        </p>
      ) : null}
      {onlyTag ? null : (
        <label className="flex items-start gap-2">
          <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} className="mt-0.5" />
          <span>
            Force
            <span className="block text-xs text-slate-500 dark:text-slate-400">Remove it even when stopped containers use it.</span>
          </span>
        </label>
      )}
    </Modal>
  );
}
