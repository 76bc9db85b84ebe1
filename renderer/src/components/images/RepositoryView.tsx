import { useCallback, useEffect, useState } from 'react';
import type { RegistryInfo, TagInfo } from '../../../../common/contract';
import { pullName, repositoryPullName } from '../../../../common/image-reference';
import { api } from '../../api/client';
import { formatBytes, formatRelative, shortId } from '../../lib/format';
import { ErrorNotice } from '../ErrorNotice';
import { PageHeader } from '../PageHeader';
import { buttonClass, Modal } from '../Modal';
import { Notice } from '../system/Toolbar';
import type { ApiError } from '../../../../common/errors';

const PAGE_SIZE = 20;

/** A repository's tags, page by page, with a Pull button per tag and deletion where the registry allows it. */
export function RepositoryView({ registry, repository, onPull }: { registry: RegistryInfo; repository: string; onPull(reference: string): void }) {
  const [tags, setTags] = useState<TagInfo[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [canDelete, setCanDelete] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();
  const [deleting, setDeleting] = useState<TagInfo>();
  const [deleteError, setDeleteError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const load = useCallback(
    (from: string | undefined) => {
      setLoading(true);
      api.call('registries.tags', { registryId: registry.id, repository, pageSize: PAGE_SIZE, ...(from ? { cursor: from } : {}) }).then(
        (page) => {
          setTags((current) => (from ? [...current, ...page.tags] : page.tags));
          setCursor(page.cursor);
          setCanDelete(page.canDelete);
          setError(undefined);
          setLoading(false);
        },
        (err: ApiError) => {
          setError(err);
          setLoading(false);
        },
      );
    },
    [registry.id, repository],
  );

  useEffect(() => load(undefined), [load]);

  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      const { digest } = await api.call('registries.deleteTag', { registryId: registry.id, repository, tag: deleting.tag });
      setNotice(`Deleted ${deleting.tag} (manifest ${shortId(digest)}).`);
      setDeleting(undefined);
      load(undefined);
    } catch (err) {
      setDeleteError((err as Error).message);
    }
  };

  return (
    <>
      <PageHeader title={repositoryPullName(registry.host, repository)} subtitle={<a href="#/registry" className="text-cyan-700 hover:underline dark:text-cyan-300">← {registry.name}</a>} />
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {error ? <ErrorNotice error={error} what="the tags" /> : null}
      {!error && !loading && tags.length === 0 ? <p className="px-6 py-8 text-sm text-slate-500">This repository has no tags.</p> : null}
      {tags.length ? (
        <table aria-label="Tags" className="w-full border-collapse text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
            <tr>
              {['Tag', 'Digest', 'Size', registry.kind === 'hub' ? 'Updated' : 'Created'].map((header) => (
                <th key={header} scope="col" className="border-b border-slate-200 px-4 py-2 font-medium first:pl-6 dark:border-slate-800">
                  {header}
                </th>
              ))}
              <th scope="col" className="border-b border-slate-200 px-6 py-2 dark:border-slate-800">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tags.map((tag) => (
              <tr key={tag.tag} className="border-b border-slate-100 dark:border-slate-900">
                <td className="py-2 pl-6 pr-4 font-medium">
                  {tag.tag}
                  {tag.multiPlatform ? <span className="ml-2 text-xs font-normal text-slate-500">multi-platform</span> : null}
                </td>
                <td className="px-4 py-2 font-mono text-xs" title={tag.digest}>
                  {tag.digest ? shortId(tag.digest) : '—'}
                </td>
                <td className="px-4 py-2 tabular-nums">{tag.sizeBytes !== undefined ? formatBytes(tag.sizeBytes) : '—'}</td>
                <td className="px-4 py-2 text-slate-500 dark:text-slate-400" title={tag.created}>
                  {tag.created ? formatRelative(Date.parse(tag.created)) : '—'}
                </td>
                <td className="py-1.5 pl-4 pr-6 text-right">
                  <div className="flex justify-end gap-2">
                    <button type="button" className={buttonClass} aria-label={`Pull ${tag.tag}`} onClick={() => onPull(pullName(registry.host, repository, tag.tag))}>
                      Pull
                    </button>
                    {canDelete ? (
                      <button
                        type="button"
                        className={`${buttonClass} text-rose-700 dark:text-rose-300`}
                        aria-label={`Delete ${tag.tag}`}
                        onClick={() => {
                          setDeleteError(undefined);
                          setDeleting(tag);
                        }}
                      >
                        Delete
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="px-6 py-4">
        {loading ? (
          <p className="text-sm text-slate-500">Loading tags…</p>
        ) : cursor ? (
          <button type="button" className={buttonClass} onClick={() => load(cursor)}>
            Load more tags
          </button>
        ) : null}
      </div>
      {deleting ? (
        <Modal title={`Delete ${repository}:${deleting.tag}?`} submitLabel="Delete" danger onSubmit={() => void confirmDelete()} onClose={() => setDeleting(undefined)} error={deleteError}>
          <p>
            The manifest {deleting.digest ? <span className="font-mono">{shortId(deleting.digest)}</span> : null} is deleted from {registry.name}. Every other tag
            pointing at the same manifest goes with it. Images already pulled stay on your engine.
          </p>
        </Modal>
      ) : null}
    </>
  );
}
