import { useState, type ReactNode } from 'react';
import type { ContainerDetails } from '../../../../common/contract';
import { PortLinks } from '../../components/containers/PortLinks';
import { InfoList } from '../../components/InfoList';
import { VmPortWarnings } from '../../components/engine/VmPortWarnings';
import { formatRelative } from '../../lib/format';
import { formatMemorySize } from '../../components/containers/units';

function Section({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

function None({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-500 dark:text-slate-400">{children}</p>;
}

function when(iso: string): ReactNode {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return <time dateTime={iso} title={new Date(ms).toLocaleString()}>{formatRelative(ms)}</time>;
}

function KeyValueTable({ rows, label, mono = true }: { rows: [string, ReactNode][]; label: string; mono?: boolean }) {
  return (
    <table aria-label={label} className="w-full table-fixed text-left text-sm">
      <tbody>
        {rows.map(([key, value]) => (
          <tr key={key} className="border-t border-slate-100 first:border-t-0 dark:border-slate-800">
            <th scope="row" className={`w-2/5 py-1 pr-3 align-top font-medium break-all ${mono ? 'font-mono text-xs' : ''}`}>
              {key}
            </th>
            <td className="py-1 align-top font-mono text-xs break-all text-slate-700 dark:text-slate-300">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function health(container: ContainerDetails): ReactNode {
  if (!container.health) return 'no healthcheck';
  const { status, failingStreak, lastOutput } = container.health;
  return (
    <span title={lastOutput}>
      {status}
      {failingStreak ? ` (${failingStreak} failed checks in a row)` : ''}
    </span>
  );
}

function limits(container: ContainerDetails): string {
  const cpu = container.cpus ? `${container.cpus} CPUs` : 'no CPU limit';
  const memory = container.memoryBytes ? `${formatMemorySize(container.memoryBytes)} memory` : 'no memory limit';
  return `${cpu}, ${memory}`;
}

export function OverviewTab({ container }: { container: ContainerDetails }) {
  const [showEnv, setShowEnv] = useState(false);

  const stateText = container.state === 'exited' ? `exited with code ${container.exitCode}` : container.state;
  const restart =
    container.restartPolicy.name === 'on-failure' && container.restartPolicy.maximumRetryCount
      ? `on-failure (at most ${container.restartPolicy.maximumRetryCount} times)`
      : container.restartPolicy.name || 'no';
  const labels = Object.entries(container.labels).sort(([a], [b]) => a.localeCompare(b));

  return (
    <div className="grid gap-4 p-6 xl:grid-cols-2">
      <Section title="Status">
        <InfoList
          label="Status"
          items={[
            ['State', <span data-testid="overview-state">{stateText}</span>],
            ...(container.error ? ([['Error', <span className="text-rose-700 dark:text-rose-300">{container.error}</span>]] as [string, ReactNode][]) : []),
            ['Health', health(container)],
            ['Image', <span className="break-all">{container.image}</span>],
            ['Command', <code className="font-mono text-xs break-all">{container.command.join(' ') || '—'}</code>],
            ['Created', when(container.createdAt)],
            ['Started', when(container.startedAt)],
            ...(container.state !== 'running' ? ([['Finished', when(container.finishedAt)]] as [string, ReactNode][]) : []),
            ['Restarts', `${container.restartCount} (policy: ${restart})`],
            ['Resources', limits(container)],
            ['Terminal', container.tty ? 'TTY' : container.openStdin ? 'stdin open, no TTY' : 'none'],
            ...(container.autoRemove ? ([['Auto-remove', 'removed when it exits']] as [string, ReactNode][]) : []),
          ]}
        />
      </Section>
      <div className="space-y-4">
        <Section title="Ports">
          {container.ports.length ? (
            <PortLinks ports={container.ports} />
          ) : container.configuredPorts.length ? (
            <PortLinks ports={container.configuredPorts} inactive />
          ) : (
            <None>No ports published.</None>
          )}
          <VmPortWarnings containerId={container.id} />
        </Section>
        <Section title="Networks">
          {container.networks.length ? (
            <KeyValueTable
              label="Networks"
              mono={false}
              rows={container.networks.map((n) => [n.name, `${n.ipAddress || 'no IP'}${n.gateway ? ` via ${n.gateway}` : ''}${n.aliases.length ? ` · aliases ${n.aliases.join(', ')}` : ''}`])}
            />
          ) : (
            <None>Not connected to any network.</None>
          )}
        </Section>
        <Section title="Mounts">
          {container.mounts.length ? (
            <KeyValueTable
              label="Mounts"
              rows={container.mounts.map((m) => [m.destination, `${m.type} ${m.name ? m.name.slice(0, 24) : m.source}${m.readOnly ? ' (read-only)' : ''}`])}
            />
          ) : (
            <None>No volumes or bind mounts.</None>
          )}
        </Section>
      </div>
      <Section
        title={`Environment (${container.env.length})`}
        action={
          container.env.length ? (
            <button type="button" onClick={() => setShowEnv((v) => !v)} className="text-xs font-medium text-cyan-700 hover:underline dark:text-cyan-400">
              {showEnv ? 'Hide values' : 'Show values'}
            </button>
          ) : null
        }
      >
        {container.env.length ? (
          <KeyValueTable label="Environment" rows={container.env.map((e) => [e.key, showEnv ? e.value : e.value ? '••••••' : ''])} />
        ) : (
          <None>No environment variables.</None>
        )}
      </Section>
      <Section title={`Labels (${labels.length})`}>
        {labels.length ? <KeyValueTable label="Labels" rows={labels} /> : <None>No labels.</None>}
      </Section>
    </div>
  );
}
