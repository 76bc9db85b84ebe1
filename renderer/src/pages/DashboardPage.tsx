import { useMemo } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { StatCard } from '../components/StatCard';
import { DashboardUsage } from '../components/stats/DashboardUsage';
import { DiskUsageSummary } from '../components/stats/DiskUsageSummary';
import { useContainers } from '../hooks/useContainers';
import { useLiveData } from '../hooks/useLiveData';
import { formatBytes } from '../lib/format';

export function DashboardPage() {
  const info = useLiveData('engine.info', {}, ['daemon']);
  const { containers, loaded } = useContainers();
  const images = useLiveData('images.list', {}, ['image']);
  const volumes = useLiveData('volumes.list', {}, ['volume']);
  const networks = useLiveData('networks.list', {}, ['network']);

  const byState = (state: string) => containers.filter((c) => c.state === state).length;
  const engine = info.data;
  const count = (list: unknown[] | undefined) => (list ? list.length : '—');
  const names = useMemo(() => new Map(containers.map((c) => [c.id, c.name])), [containers]);
  const host = useMemo(() => (engine ? { cpus: engine.cpus, memoryBytes: engine.memoryBytes } : undefined), [engine]);

  return (
    <>
      <PageHeader
        title="Dashboard"
        subtitle={engine ? `${engine.kind === 'podman' ? 'Podman' : 'Docker'} ${engine.version} on ${engine.os}` : 'Connecting to the engine…'}
      />
      {info.error && !engine ? <ErrorNotice error={info.error} what="engine information" /> : null}
      <section aria-label="Engine" className="grid grid-cols-2 gap-4 p-6 lg:grid-cols-4">
        <StatCard label="Engine version" value={engine?.version ?? '—'} detail={engine ? `API ${engine.apiVersion}` : undefined} href="#/engine" />
        <StatCard label="Operating system" value={<span className="block text-base leading-snug">{engine?.os ?? '—'}</span>} detail={engine ? `${engine.osType}/${engine.architecture}, kernel ${engine.kernelVersion}` : undefined} />
        <StatCard label="CPUs" value={engine?.cpus ?? '—'} />
        <StatCard label="Memory" value={engine ? formatBytes(engine.memoryBytes) : '—'} />
      </section>
      <section aria-label="Resources" className="grid grid-cols-2 gap-4 px-6 pb-6 lg:grid-cols-4">
        <StatCard
          label="Containers"
          value={loaded ? containers.length : '—'}
          detail={loaded ? `${byState('running')} running · ${byState('paused')} paused · ${containers.length - byState('running') - byState('paused')} stopped` : undefined}
          href="#/containers"
        />
        <StatCard label="Images" value={count(images.data)} href="#/images" />
        <StatCard label="Volumes" value={count(volumes.data)} href="#/volumes" />
        <StatCard label="Networks" value={count(networks.data)} href="#/networks" />
      </section>
      <DashboardUsage names={names} host={host} running={loaded ? byState('running') : undefined} />
      <DiskUsageSummary />
    </>
  );
}
