import { useEffect, useState } from 'react';
import type { PruneMode, PrunePreview, PruneResult } from '../../../../common/contract';
import { api } from '../../api/client';
import { formatBytes, shortId } from '../../lib/format';
import { Modal } from '../Modal';

/** Shows exactly which images a prune deletes and how much space comes back, then deletes exactly those. */
export function PruneImagesDialog({ onClose }: { onClose(): void }) {
  const [mode, setMode] = useState<PruneMode>('dangling');
  const [preview, setPreview] = useState<PrunePreview>();
  const [result, setResult] = useState<PruneResult>();
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    let live = true;
    setPreview(undefined);
    setError(undefined);
    api.call('images.prunePreview', { mode }).then(
      (value) => live && setPreview(value),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [mode]);

  const submit = async () => {
    if (result) return onClose();
    if (!preview?.images.length) return;
    setSubmitting(true);
    try {
      setResult(await api.call('images.prune', { mode, ids: preview.images.map((image) => image.id) }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSubmitting(false);
    }
  };

  const count = preview?.images.length ?? 0;
  return (
    <Modal
      title="Prune images"
      submitLabel={result ? 'Close' : count ? `Delete ${count} ${count === 1 ? 'image' : 'images'}` : 'Nothing to delete'}
      danger={!result}
      submitting={submitting || (!result && !count)}
      onSubmit={() => void submit()}
      onClose={onClose}
      error={error}
      wide
    >
      {result ? (
        <div role="status" className="space-y-2">
          <p>
            Deleted {result.deleted.length} {result.deleted.length === 1 ? 'image' : 'images'}, freeing {formatBytes(result.reclaimedBytes)}.
          </p>
          {result.skipped.length ? (
            <ul className="list-inside list-disc text-xs text-amber-800 dark:text-amber-200">
              {result.skipped.map((skip) => (
                <li key={skip.id}>
                  {shortId(skip.id)} kept: {skip.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <>
          <fieldset className="space-y-1">
            <legend className="mb-1 font-medium">What to delete</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="prune-mode" checked={mode === 'dangling'} onChange={() => setMode('dangling')} />
              Dangling images (untagged leftovers of builds and pulls)
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="prune-mode" checked={mode === 'unused'} onChange={() => setMode('unused')} />
              All images no container uses, tagged or not
            </label>
          </fieldset>
          {!preview ? (
            <p className="text-slate-500">Working out what would be deleted…</p>
          ) : count === 0 ? (
            <p>Nothing to delete: every image is in use{mode === 'dangling' ? ' or tagged' : ''}.</p>
          ) : (
            <>
              <p>
                {count === 1 ? 'This image' : `These ${count} images`} will be deleted, freeing <strong>{formatBytes(preview.reclaimableBytes)}</strong>{' '}
                (layers shared with images that stay are kept):
              </p>
              <ul aria-label="Images to delete" className="max-h-60 divide-y divide-slate-100 overflow-auto rounded-md border border-slate-200 text-xs dark:divide-slate-800 dark:border-slate-800">
                {preview.images.map((image) => (
                  <li key={image.id} className="flex justify-between gap-3 px-3 py-1.5">
                    <span className="break-all font-mono">{image.tags.join(', ') || `<none> ${shortId(image.id)}`}</span>
                    <span className="whitespace-nowrap tabular-nums text-slate-500" title={`${formatBytes(image.sizeBytes)} in all`}>
                      {formatBytes(image.uniqueBytes)}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Modal>
  );
}
