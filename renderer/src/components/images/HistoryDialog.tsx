import { useEffect, useState } from 'react';
import type { ImageLayer } from '../../../../common/contract';
import { api } from '../../api/client';
import { formatBytes, formatRelative, shortId } from '../../lib/format';
import { Modal } from '../Modal';

/** The image's layers, newest first: the instruction that made each, its size and age. */
export function HistoryDialog({ imageId, name, onClose }: { imageId: string; name: string; onClose(): void }) {
  const [layers, setLayers] = useState<ImageLayer[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api.call('images.history', { id: imageId }).then(setLayers, (err: Error) => setError(err.message));
  }, [imageId]);
  return (
    <Modal title={`History of ${name}`} submitLabel="Close" onSubmit={onClose} onClose={onClose} error={error} wide>
      {!layers && !error ? <p className="text-slate-500">Loading…</p> : null}
      {layers ? (
        <table aria-label="Layers" className="w-full text-left text-xs">
          <thead className="text-slate-500 dark:text-slate-400">
            <tr>
              <th className="py-1 pr-3 font-medium">Created by</th>
              <th className="py-1 pr-3 font-medium">Size</th>
              <th className="py-1 font-medium">Created</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {layers.map((layer, index) => (
              <tr key={`${layer.id}-${index}`}>
                <td className="py-1.5 pr-3 align-top">
                  <code className="break-all">{layer.createdBy || layer.comment || '—'}</code>
                  {layer.id !== '<missing>' ? <span className="ml-2 text-slate-400">{shortId(layer.id)}</span> : null}
                </td>
                <td className="whitespace-nowrap py-1.5 pr-3 align-top tabular-nums">{formatBytes(layer.sizeBytes)}</td>
                <td className="whitespace-nowrap py-1.5 align-top text-slate-500">{formatRelative(layer.created * 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Modal>
  );
}
