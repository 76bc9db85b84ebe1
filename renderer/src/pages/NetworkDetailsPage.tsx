import { useState } from 'react';
import type { NetworkEndpoint } from '../../../common/contract';
import type { ApiError } from '../../../common/errors';
import { api } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { InfoList } from '../components/InfoList';
import { PageHeader } from '../components/PageHeader';
import { Table, type Column } from '../components/Table';
import { buttonClass, primaryButtonClass } from '../components/Modal';
import { smallButtonClass } from '../components/system/compact';
import { ConnectContainerDialog } from '../components/networks/ConnectContainerDialog';
import { NetworkFlags, Subnets } from '../components/networks/NetworkFlags';
import { networkHref, parseNetworkRoute } from '../components/networks/network-routes';
import { RemoveNetworkDialog } from '../components/networks/RemoveNetworkDialog';
import { isVolumeHelperEvent } from '../components/system/engine-event-filters';
import { JsonView } from '../components/system/JsonView';
import { LinkTabs, Notice } from '../components/system/Toolbar';
import { useLiveData } from '../hooks/useLiveData';
import { formatRelative } from '../lib/format';

/** `#/networks/<id>/containers` and `#/networks/<id>/inspect`. */
export function NetworkDetailsPage({ path }: { path: string[] }) {
  const { id, tab } = parseNetworkRoute(path);
  const { data: network, error, reload } = useLiveData('networks.inspect', { id }, ['network', 'container'], (event) => event.type === 'network' || (['start', 'die', 'destroy'].includes(event.action) && !isVolumeHelperEvent(event)));
  const [dialog, setDialog] = useState<'connect' | 'remove'>();
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();

  const disconnect = async (endpoint: NetworkEndpoint) => {
    setNotice(undefined);
    try {
      await api.call('networks.disconnect', { id, container: endpoint.containerId });
      setNotice({ ok: true, text: `Disconnected ${endpoint.containerName}.` });
    } catch (err) {
      setNotice({ ok: false, text: (err as ApiError).message });
    }
    reload();
  };

  const columns: Column<NetworkEndpoint>[] = [
    {
      header: 'Container',
      cell: (endpoint) => (
        <a href={`#/containers/${endpoint.containerId}`} className="font-medium text-cyan-700 hover:underline dark:text-cyan-400">
          {endpoint.containerName}
        </a>
      ),
    },
    { header: 'IPv4', cell: (endpoint) => <span className="font-mono text-xs">{endpoint.ipv4 ?? (endpoint.running ? '—' : 'not running')}</span> },
    { header: 'IPv6', cell: (endpoint) => <span className="font-mono text-xs">{endpoint.ipv6 ?? '—'}</span> },
    { header: 'MAC', cell: (endpoint) => <span className="font-mono text-xs">{endpoint.mac ?? '—'}</span> },
    { header: 'Aliases', cell: (endpoint) => (endpoint.aliases.length ? endpoint.aliases.join(', ') : <span className="text-slate-400">—</span>) },
    {
      header: 'Actions',
      className: 'text-right',
      cell: (endpoint) => (
        <button type="button" className={smallButtonClass} onClick={() => void disconnect(endpoint)} aria-label={`Disconnect ${endpoint.containerName}`}>
          Disconnect
        </button>
      ),
    },
  ];

  const back = (
    <a href="#/networks" className="text-cyan-700 hover:underline dark:text-cyan-400">
      ← Networks
    </a>
  );

  return (
    <>
      <PageHeader title={network?.name ?? id} subtitle={back}>
        {network && !network.system ? (
          <button type="button" className={buttonClass} onClick={() => setDialog('remove')}>
            Delete
          </button>
        ) : null}
        {network ? (
          <button type="button" className={primaryButtonClass} onClick={() => setDialog('connect')} disabled={network.driver === 'host' || network.driver === 'null'}>
            Connect container…
          </button>
        ) : null}
      </PageHeader>
      {error ? <ErrorNotice error={error} what="the network" /> : null}
      {notice ? <Notice tone={notice.ok ? 'success' : 'error'}>{notice.text}</Notice> : null}
      {network ? (
        <>
          <div className="px-6 py-4">
            <InfoList
              label="Network"
              items={[
                ['Flags', <span className="flex gap-2">{network.system || network.internal || network.attachable ? <NetworkFlags network={network} /> : '—'}</span>],
                ['Driver', `${network.driver} (${network.scope})`],
                ['Subnets', <Subnets network={network} />],
                ['IPv6', network.enableIPv6 ? 'enabled' : 'off'],
                ['Created', network.created ? formatRelative(Date.parse(network.created)) : '—'],
                ['ID', <span className="break-all font-mono text-xs">{network.id}</span>],
              ]}
            />
          </div>
          <LinkTabs
            label="Network views"
            active={tab}
            tabs={[
              { id: 'containers', label: `Containers (${network.endpoints.length})`, href: networkHref(network.id, 'containers') },
              { id: 'inspect', label: 'Inspect', href: networkHref(network.id, 'inspect') },
            ]}
          />
          {tab === 'inspect' ? (
            <JsonView key={network.id} what="network" load={() => api.call('networks.inspectRaw', { id: network.id })} />
          ) : network.endpoints.length ? (
            <Table label="Connected containers" columns={columns} rows={network.endpoints} rowKey={(endpoint) => endpoint.containerId} />
          ) : (
            <p className="px-6 py-4 text-sm text-slate-500">No container is connected.</p>
          )}
          {dialog === 'connect' ? (
            <ConnectContainerDialog
              network={network}
              onClose={() => setDialog(undefined)}
              onConnected={(name) => {
                setDialog(undefined);
                setNotice({ ok: true, text: `Connected ${name}.` });
                reload();
              }}
            />
          ) : null}
          {dialog === 'remove' ? <RemoveNetworkDialog network={network} onClose={() => setDialog(undefined)} onRemoved={() => (window.location.hash = '#/networks')} /> : null}
        </>
      ) : null}
    </>
  );
}
