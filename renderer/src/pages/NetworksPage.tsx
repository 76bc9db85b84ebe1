import { useState } from 'react';
import type { NetworkSummary } from '../../../common/contract';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { RowMenu } from '../components/RowMenu';
import { Table, type Column } from '../components/Table';
import { dangerButtonClass, primaryButtonClass } from '../components/Modal';
import { smallButtonClass } from '../components/system/compact';
import { CreateNetworkDialog } from '../components/networks/CreateNetworkDialog';
import { NetworkFlags, Subnets } from '../components/networks/NetworkFlags';
import { networkHref } from '../components/networks/network-routes';
import { RemoveNetworkDialog } from '../components/networks/RemoveNetworkDialog';
import { changesContainerSet } from '../components/system/engine-event-filters';
import { PruneDialog } from '../components/system/PruneDialog';
import { matchesSearch, sortRows } from '../components/system/sorting';
import { Notice, SearchBox, SortSelect, Toolbar } from '../components/system/Toolbar';
import { useLiveData } from '../hooks/useLiveData';
import { EmptyState } from '../components/EmptyState';
import { plural } from '../lib/plural';

/** Row buttons the ⋮ menu also has: hidden on a narrow list (written out whole for Tailwind). */
const NARROW_HIDDEN = '@max-[60rem]:hidden';

const SORTS = { system: 'System first', name: 'Name', driver: 'Driver', containers: 'Containers', created: 'Created' } as const;
type SortKey = keyof typeof SORTS;

type Dialog = { kind: 'create' } | { kind: 'prune' } | { kind: 'remove'; network: NetworkSummary };

export function NetworksPage() {
  const { data, error, reload } = useLiveData('networks.list', {}, ['network', 'container'], (event) => event.type === 'network' || changesContainerSet(event));
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortKey>('system');
  const [dialog, setDialog] = useState<Dialog>();
  const [notice, setNotice] = useState<string>();

  const all = data ?? [];
  const visible = sortRows(
    all.filter((network) => matchesSearch(search, [network.name, network.driver, network.id, ...network.containers, ...network.subnets.map((s) => s.subnet)])),
    sort,
    {
      // System networks first, then by name.
      system: (network) => `${network.system ? 0 : 1}${network.name}`,
      name: (network) => network.name,
      driver: (network) => network.driver,
      containers: (network) => network.containers.length,
      created: (network) => Date.parse(network.created) || 0,
    },
  );

  const columns: Column<NetworkSummary>[] = [
    {
      header: 'Name',
      cell: (network) => (
        <span className="flex flex-wrap items-center gap-2">
          <a href={networkHref(network.id)} className="font-medium text-cyan-700 hover:underline dark:text-cyan-400">
            {network.name}
          </a>
          <NetworkFlags network={network} />
        </span>
      ),
    },
    { header: 'Driver', cell: (network) => network.driver, folds: true },
    { header: 'Scope', cell: (network) => network.scope, folds: true },
    { header: 'Subnet / gateway', cell: (network) => <Subnets network={network} /> },
    {
      header: 'Containers',
      cell: (network) => (network.containers.length ? <span className="text-xs">{network.containers.join(', ')}</span> : <span className="text-slate-400">none</span>),
      className: 'max-w-64',
    },
    {
      header: 'Actions',
      className: 'text-right whitespace-nowrap',
      cell: (network) => (
        <span className="inline-flex items-center gap-2">
          {/* On a narrow list only the ⋮ menu stays; it has this and more at every width. */}
          <button
            type="button"
            className={`${smallButtonClass} ${NARROW_HIDDEN}`}
            disabled={network.system}
            title={network.system ? 'A system network the engine needs; it cannot be removed.' : undefined}
            aria-label={`Delete ${network.name}`}
            onClick={() => setDialog({ kind: 'remove', network })}
          >
            Delete
          </button>
          <RowMenu
            label={`More actions for ${network.name}`}
            items={[
              { label: 'Open', href: networkHref(network.id) },
              { label: 'Inspect', href: networkHref(network.id, 'inspect') },
              { label: 'Copy id', onSelect: () => void navigator.clipboard?.writeText(network.id) },
              { label: 'Remove…', onSelect: () => setDialog({ kind: 'remove', network }), danger: true, disabled: network.system },
            ]}
          />
        </span>
      ),
    },
  ];

  const close = (message?: string) => {
    setDialog(undefined);
    if (message) setNotice(message);
    reload();
  };

  return (
    <>
      <PageHeader needsEngine title="Networks" subtitle={data ? plural(all.length, 'network') : undefined}>
        <button type="button" className={dangerButtonClass} onClick={() => setDialog({ kind: 'prune' })}>
          Prune unused…
        </button>
        <button type="button" className={primaryButtonClass} onClick={() => setDialog({ kind: 'create' })}>
          Create network
        </button>
      </PageHeader>
      <Toolbar>
        <SearchBox label="Search networks" value={search} onChange={setSearch} />
        <SortSelect<SortKey> value={sort} options={SORTS} onChange={setSort} />
      </Toolbar>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {error && !data ? <ErrorNotice error={error} what="networks" /> : null}
      {data && visible.length === 0 ? (
        <EmptyState title="No network matches">Clear the search.</EmptyState>
      ) : (
        <Table label="Networks" columns={columns} rows={visible} rowKey={(network) => network.id} onRowClick={(network) => (window.location.hash = networkHref(network.id))} />
      )}
      {dialog?.kind === 'create' ? (
        <CreateNetworkDialog onClose={() => close()} onCreated={(name, warning) => close(`Created network ${name}.${warning ? ` The engine warns: ${warning}` : ''}`)} />
      ) : null}
      {dialog?.kind === 'prune' ? <PruneDialog step="networks" noun={{ one: 'unused network', many: 'unused networks' }} onClose={() => close()} /> : null}
      {dialog?.kind === 'remove' ? <RemoveNetworkDialog network={dialog.network} onClose={() => close()} onRemoved={() => close(`Deleted network ${dialog.network.name}.`)} /> : null}
    </>
  );
}
