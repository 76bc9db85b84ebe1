import type { ContainerSummary, PortBinding } from '../../../common/contract';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { StateBadge } from '../components/StateBadge';
import { Table, type Column } from '../components/Table';
import { useContainers } from '../hooks/useContainers';
import { formatRelative, shortId } from '../lib/format';

function portLink(port: PortBinding): string | undefined {
  if (!port.publicPort || port.protocol !== 'tcp') return undefined;
  const host = !port.ip || port.ip === '0.0.0.0' || port.ip === '::' ? 'localhost' : port.ip.includes(':') ? `[${port.ip}]` : port.ip;
  return `http://${host}:${port.publicPort}`;
}

function Ports({ ports }: { ports: PortBinding[] }) {
  // The engine lists a published port once per address family; show each binding once.
  const seen = new Set<string>();
  const unique = ports.filter((port) => {
    const key = `${port.publicPort ?? ''}/${port.privatePort}/${port.protocol}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!unique.length) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-x-2">
      {unique.map((port) => {
        const text = port.publicPort ? `${port.publicPort}→${port.privatePort}/${port.protocol}` : `${port.privatePort}/${port.protocol}`;
        const href = portLink(port);
        return href ? (
          <a key={text} href={href} target="_blank" rel="noreferrer" className="font-mono text-xs text-cyan-700 hover:underline dark:text-cyan-400">
            {text}
          </a>
        ) : (
          <span key={text} className="font-mono text-xs">
            {text}
          </span>
        );
      })}
    </span>
  );
}

const COLUMNS: Column<ContainerSummary>[] = [
  {
    header: 'Name',
    cell: (c) => (
      <div className="min-w-0">
        <div className="truncate font-medium" title={c.name}>
          {c.name}
        </div>
        <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{shortId(c.id)}</div>
      </div>
    ),
    className: 'max-w-72',
  },
  { header: 'Image', cell: (c) => <span className="break-all">{c.image}</span>, className: 'max-w-64' },
  { header: 'State', cell: (c) => <StateBadge state={c.state} /> },
  { header: 'Status', cell: (c) => <span className="whitespace-nowrap text-slate-600 dark:text-slate-300">{c.status}</span> },
  { header: 'Ports', cell: (c) => <Ports ports={c.ports} /> },
  { header: 'Created', cell: (c) => <span className="whitespace-nowrap text-slate-500">{formatRelative(c.created * 1000)}</span> },
];

export function ContainersPage() {
  const { containers, loaded, error } = useContainers();
  const sorted = [...containers].sort((a, b) => b.created - a.created || a.name.localeCompare(b.name));
  const running = containers.filter((c) => c.state === 'running').length;

  return (
    <>
      <PageHeader title="Containers" subtitle={loaded ? `${containers.length} containers, ${running} running` : 'Loading…'} />
      {error && !loaded ? <ErrorNotice error={error} what="containers" /> : null}
      {loaded && containers.length === 0 ? (
        <EmptyState title="No containers yet">
          Containers you create with the docker CLI or Compose show up here as soon as the engine reports them, for example{' '}
          <code className="font-mono">docker run -d nginx</code>.
        </EmptyState>
      ) : (
        <Table label="Containers" columns={COLUMNS} rows={sorted} rowKey={(c) => c.id} />
      )}
    </>
  );
}
