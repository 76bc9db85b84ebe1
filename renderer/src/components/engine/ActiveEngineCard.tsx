import type { ReactNode } from 'react';
import type { EngineSource, EngineStatus } from '../../../../common/contract';
import { useLiveData } from '../../hooks/useLiveData';
import { formatBytes, formatRelative } from '../../lib/format';
import { InfoList } from '../InfoList';
import { Card } from './Card';
import { connectionStateLabel, EngineStateBadge } from './EngineStateBadge';

const SOURCE_LABELS: Record<EngineSource, string> = {
  configured: 'Your endpoint',
  'command-line': '--engine on the command line',
  'docker-host': 'DOCKER_HOST',
  'docker-context': 'The current docker context',
  'system-socket': 'The system Docker socket',
  'rootless-socket': 'Rootless Docker',
  'podman-socket': 'Podman socket',
  managed: "Berth's managed engine",
  vm: "Berth's VM",
};

/** The engine Berth talks to right now: connection state with its reason, and the engine's facts. */
export function ActiveEngineCard({ status }: { status: EngineStatus }) {
  const { data: engine, error } = useLiveData('engine.info', {}, ['daemon']);
  const connected = status.state === 'connected';
  const items: [string, ReactNode][] = [
    ['State', <EngineStateBadge state={connectionStateLabel(status.state)} testId="engine-state" />],
    ...(status.error ? ([['Reason', <span data-testid="engine-reason">{status.error}</span>]] as [string, ReactNode][]) : []),
    ['Endpoint', <code data-testid="engine-endpoint" className="font-mono text-xs break-all">{status.endpoint || '—'}</code>],
    ...(status.name ? ([['Name', status.name]] as [string, ReactNode][]) : []),
    ...(status.source && SOURCE_LABELS[status.source] !== status.name ? ([['Found via', SOURCE_LABELS[status.source]]] as [string, ReactNode][]) : []),
    ['Since', formatRelative(status.since)],
  ];
  // Facts are shown only while connected: after a switch the last engine's facts would be wrong.
  if (engine && connected) {
    items.push(
      ['Kind', engine.kind === 'podman' ? 'Podman' : 'Docker'],
      ['Version', engine.version],
      ['API version', engine.apiVersion],
      ['Operating system', engine.os],
      ['Kernel', engine.kernelVersion],
      ['Architecture', engine.architecture],
      ['CPUs / memory', `${engine.cpus} / ${formatBytes(engine.memoryBytes)}`],
      ['Storage driver', engine.storageDriver],
      ['Cgroup', engine.cgroupVersion ? `v${engine.cgroupVersion}${engine.cgroupDriver ? ` (${engine.cgroupDriver})` : ''}` : '—'],
      ['Data root', <code className="font-mono text-xs break-all">{engine.dataRoot}</code>],
    );
  }
  return (
    <Card title="Active engine">
      <InfoList label="Active engine" items={items} />
      {connected && error && !engine ? <p className="mt-3 text-sm text-rose-700 dark:text-rose-300">Could not read the engine's facts: {error.message}</p> : null}
    </Card>
  );
}
