import { useMemo } from 'react';
import { LogViewer } from '../components/logs/LogViewer';
import { StateBadge } from '../components/StateBadge';
import { useLiveData } from '../hooks/useLiveData';
import type { LogTarget } from '../hooks/useLogs';
import { shortId } from '../lib/format';

export function logsHref(target: LogTarget): string {
  if (target.kind === 'swarm-service') return `#/logs/swarm-service/${encodeURIComponent(target.service)}`;
  return target.kind === 'project' ? `#/logs/project/${encodeURIComponent(target.project)}` : `#/logs/${encodeURIComponent(target.containerId)}`;
}

function targetFromPath(path: string[]): LogTarget | undefined {
  const [first, second] = path;
  if (first === 'project' && second) return { kind: 'project', project: second };
  if (first === 'swarm-service' && second) return { kind: 'swarm-service', service: second };
  if (first && first !== 'project' && first !== 'swarm-service') return { kind: 'container', containerId: first };
  return undefined;
}

function ContainerHeading({ containerId }: { containerId: string }) {
  const { data } = useLiveData('containers.list', { ids: [containerId] }, ['container']);
  const container = data?.[0];
  return (
    <>
      <h1 className="flex min-w-0 items-center gap-3 text-lg font-semibold tracking-tight">
        <span className="truncate">Logs · {container?.name ?? shortId(containerId)}</span>
        {container ? <StateBadge state={container.state} /> : null}
      </h1>
      <a href={`#/containers/${encodeURIComponent(containerId)}/logs`} className="text-sm text-cyan-700 hover:underline dark:text-cyan-400">
        Container details
      </a>
    </>
  );
}

/**
 * Full-window logs: `#/logs/<container id or name>` for one container, `#/logs/project/<name>` for a Compose
 * project's services merged by time.
 */
export function LogsPage({ path = [] }: { path?: string[] }) {
  const target = useMemo(() => targetFromPath(path), [path.join('/')]);
  if (!target) {
    return (
      <div className="p-6 text-sm text-slate-600 dark:text-slate-400">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">Logs</h1>
        <p className="mt-2">
          Open a container from the <a href="#/containers" className="text-cyan-700 hover:underline dark:text-cyan-400">Containers</a> page and choose its
          Logs tab, or go to <code className="font-mono">#/logs/project/&lt;name&gt;</code> for all services of a Compose project.
        </p>
      </div>
    );
  }
  const name = target.kind === 'project' ? target.project : target.kind === 'swarm-service' ? target.service : target.containerId;
  return (
    <div className="flex h-full min-h-0 flex-col">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        {target.kind === 'container' ? (
          <ContainerHeading containerId={target.containerId} />
        ) : target.kind === 'swarm-service' ? (
          <h1 className="truncate text-lg font-semibold tracking-tight">Logs · Swarm service {target.service}</h1>
        ) : (
          <h1 className="truncate text-lg font-semibold tracking-tight">Logs · Compose project {target.project}</h1>
        )}
      </header>
      <div className="min-h-0 flex-1">
        <LogViewer key={logsHref(target)} target={target} name={name} />
      </div>
    </div>
  );
}
