import type { VolumeSummary } from '../../../common/contract';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { Table, type Column } from '../components/Table';
import { useLiveData } from '../hooks/useLiveData';
import { formatRelative } from '../lib/format';

const COLUMNS: Column<VolumeSummary>[] = [
  { header: 'Name', cell: (volume) => <span className="break-all font-medium">{volume.name}</span> },
  { header: 'Driver', cell: (volume) => volume.driver },
  { header: 'Mountpoint', cell: (volume) => <span className="break-all font-mono text-xs">{volume.mountpoint}</span> },
  {
    header: 'Created',
    cell: (volume) => (
      <span className="whitespace-nowrap text-slate-500">{volume.createdAt ? formatRelative(Date.parse(volume.createdAt)) : '—'}</span>
    ),
  },
];

export function VolumesPage() {
  const { data, error } = useLiveData('volumes.list', {}, ['volume']);
  const volumes = [...(data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <PageHeader title="Volumes" subtitle={data ? `${volumes.length} volumes` : 'Loading…'} />
      {error && !data ? <ErrorNotice error={error} what="volumes" /> : null}
      {data && volumes.length === 0 ? (
        <EmptyState title="No volumes">Named and anonymous volumes created by containers appear here.</EmptyState>
      ) : (
        <Table label="Volumes" columns={COLUMNS} rows={volumes} rowKey={(volume) => volume.name} />
      )}
    </>
  );
}
