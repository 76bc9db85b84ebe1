import { useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { primaryButtonClass } from '../components/Modal';
import { PageHeader } from '../components/PageHeader';
import { NodesTab } from '../components/swarm/NodesTab';
import { ServiceDetailsView } from '../components/swarm/ServiceDetails';
import { ServiceFormDialog } from '../components/swarm/ServiceFormDialog';
import { serviceHref, ServiceList } from '../components/swarm/ServiceList';
import { SwarmObjectsTab } from '../components/swarm/SwarmObjectsTab';
import { LinkTabs, Notice, SearchBox, Toolbar } from '../components/system/Toolbar';
import { useServices, useSwarmState } from '../hooks/useSwarm';
import { matchesSearch } from '../components/system/sorting';
import { plural } from '../lib/plural';

const TABS = [
  { id: 'services', label: 'Services', href: '#/services' },
  { id: 'nodes', label: 'Nodes', href: '#/services/nodes' },
  { id: 'secrets', label: 'Secrets', href: '#/services/secrets' },
  { id: 'configs', label: 'Configs', href: '#/services/configs' },
];

function ServicesTab() {
  const { data, error } = useServices();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string>();
  const visible = (data ?? []).filter((service) => matchesSearch(search, [service.name, service.image, service.stack]));
  return (
    <>
      <Toolbar>
        <SearchBox label="Search services" value={search} onChange={setSearch} />
        <span className="ml-auto" />
        <button type="button" className={primaryButtonClass} onClick={() => setCreating(true)}>
          Create service
        </button>
      </Toolbar>
      {notice ? <Notice tone="info">{notice}</Notice> : null}
      {error && !data ? <ErrorNotice error={error} what="services" /> : null}
      {data && !data.length ? <EmptyState title="No services yet">Create one here, or deploy a Compose file to the swarm from the Compose page.</EmptyState> : null}
      {data?.length && !visible.length ? <EmptyState title="No service matches">Clear the search.</EmptyState> : null}
      {visible.length ? <ServiceList services={visible} /> : null}
      {creating ? (
        <ServiceFormDialog
          onClose={() => setCreating(false)}
          onSaved={(id, warnings) => {
            setCreating(false);
            if (warnings.length) setNotice(`Created the service. ${warnings.join(' ')}`);
            else window.location.hash = serviceHref(id);
          }}
        />
      ) : null}
    </>
  );
}

/**
 * Swarm services: `#/services` (list, grouped by stack), `#/services/nodes|secrets|configs`, and one service at
 * `#/services/service/<id>` (`/logs` for its merged logs).
 */
export function ServicesPage({ path = [] }: { path?: string[] }) {
  const { data: swarm, error } = useSwarmState();
  const [first, second, third] = path;
  if (first === 'service' && second) return <ServiceDetailsView id={second} tab={third === 'logs' ? 'logs' : 'tasks'} />;
  const tab = TABS.some((t) => t.id === first) ? first! : 'services';
  const count = swarm?.state === 'active' ? `${plural(swarm.nodes, 'node')} · ${plural(swarm.services, 'service')}` : undefined;
  return (
    <>
      <PageHeader needsEngine title="Services" subtitle={swarm ? (swarm.state === 'active' ? `Swarm ${swarm.role} · ${count}` : 'Swarm mode is off') : undefined} />
      {error && !swarm ? <ErrorNotice error={error} what="the swarm state" /> : null}
      {swarm && swarm.state !== 'active' ? (
        <EmptyState title="This engine is not in a swarm">
          Services run in swarm mode. Initialise a single-node swarm on the{' '}
          <a href="#/engine" className="text-cyan-700 hover:underline dark:text-cyan-400">
            Engine
          </a>{' '}
          page first.
        </EmptyState>
      ) : null}
      {swarm?.state === 'active' && swarm.role === 'worker' ? (
        <EmptyState title="This engine is a swarm worker">Services, nodes, secrets and configs are managed on a manager node.</EmptyState>
      ) : null}
      {swarm?.state === 'active' && swarm.role === 'manager' ? (
        <>
          <LinkTabs label="Swarm" active={tab} tabs={TABS} />
          {tab === 'services' ? <ServicesTab /> : null}
          {tab === 'nodes' ? <NodesTab /> : null}
          {tab === 'secrets' ? <SwarmObjectsTab key="secrets" kind="secrets" /> : null}
          {tab === 'configs' ? <SwarmObjectsTab key="configs" kind="configs" /> : null}
        </>
      ) : null}
    </>
  );
}
