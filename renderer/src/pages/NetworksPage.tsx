import type { NetworkSummary } from '../../../common/contract';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { Table, type Column } from '../components/Table';
import { useLiveData } from '../hooks/useLiveData';

const COLUMNS: Column<NetworkSummary>[] = [
  {
    header: 'Name',
    cell: (network) => (
      <span className="flex items-center gap-2">
        <span className="font-medium">{network.name}</span>
        {network.system ? (
          <span className="rounded bg-slate-200 px-1.5 text-[10px] font-semibold uppercase tracking-wide text-slate-600 dark:bg-slate-800 dark:text-slate-300">
            system
          </span>
        ) : null}
      </span>
    ),
  },
  { header: 'Driver', cell: (network) => network.driver },
  { header: 'Scope', cell: (network) => network.scope },
  {
    header: 'Subnet / gateway',
    cell: (network) =>
      network.subnets.length ? (
        <ul className="font-mono text-xs">
          {network.subnets.map((s) => (
            <li key={`${s.subnet}-${s.gateway}`}>
              {s.subnet ?? '—'}
              {s.gateway ? ` via ${s.gateway}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <span className="text-slate-400">—</span>
      ),
  },
  { header: 'Internal', cell: (network) => (network.internal ? 'yes' : 'no') },
  { header: 'Attachable', cell: (network) => (network.attachable ? 'yes' : 'no') },
];

export function NetworksPage() {
  const { data, error } = useLiveData('networks.list', {}, ['network']);
  const networks = [...(data ?? [])].sort((a, b) => Number(b.system) - Number(a.system) || a.name.localeCompare(b.name));
  return (
    <>
      <PageHeader title="Networks" subtitle={data ? `${networks.length} networks` : 'Loading…'} />
      {error && !data ? <ErrorNotice error={error} what="networks" /> : null}
      <Table label="Networks" columns={COLUMNS} rows={networks} rowKey={(network) => network.id} />
    </>
  );
}
