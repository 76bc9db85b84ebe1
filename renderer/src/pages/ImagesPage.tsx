import type { ImageSummary } from '../../../common/contract';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { Table, type Column } from '../components/Table';
import { useLiveData } from '../hooks/useLiveData';
import { formatBytes, formatRelative, shortId } from '../lib/format';

const COLUMNS: Column<ImageSummary>[] = [
  {
    header: 'Repository:tag',
    cell: (image) =>
      image.tags.length ? (
        <ul>
          {image.tags.map((tag) => (
            <li key={tag} className="break-all font-medium">
              {tag}
            </li>
          ))}
        </ul>
      ) : (
        <span className="italic text-slate-500">&lt;none&gt; (dangling)</span>
      ),
  },
  { header: 'ID', cell: (image) => <span className="font-mono text-xs">{shortId(image.id)}</span> },
  { header: 'Size', cell: (image) => <span className="tabular-nums">{formatBytes(image.sizeBytes)}</span> },
  { header: 'Created', cell: (image) => <span className="whitespace-nowrap text-slate-500">{formatRelative(image.created * 1000)}</span> },
];

export function ImagesPage() {
  const { data, error } = useLiveData('images.list', {}, ['image']);
  const images = [...(data ?? [])].sort((a, b) => b.created - a.created);
  const total = images.reduce((sum, image) => sum + image.sizeBytes, 0);
  return (
    <>
      <PageHeader title="Images" subtitle={data ? `${images.length} images, ${formatBytes(total)}` : 'Loading…'} />
      {error && !data ? <ErrorNotice error={error} what="images" /> : null}
      {data && images.length === 0 ? (
        <EmptyState title="No images">Images you pull or build appear here.</EmptyState>
      ) : (
        <Table label="Images" columns={COLUMNS} rows={images} rowKey={(image) => image.id} />
      )}
    </>
  );
}
