import { ErrorNotice } from '../components/ErrorNotice';
import { InfoList } from '../components/InfoList';
import { PageHeader } from '../components/PageHeader';
import { useEngineStatus } from '../hooks/useEngineStatus';
import { useLiveData } from '../hooks/useLiveData';
import { formatBytes, formatRelative } from '../lib/format';

export function EnginePage() {
  const status = useEngineStatus();
  const { data: engine, error } = useLiveData('engine.info', {}, ['daemon']);

  return (
    <>
      <PageHeader title="Engine" subtitle="The container engine Berth is connected to" />
      <section className="grid gap-6 p-6 lg:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <h2 className="mb-3 text-sm font-semibold">Connection</h2>
          <InfoList
            label="Connection"
            items={[
              ['State', <span data-testid="engine-state">{status.state}</span>],
              ['Endpoint', <code className="font-mono text-xs">{status.endpoint || '—'}</code>],
              ['Since', formatRelative(status.since)],
              ...(status.error ? ([['Reason', status.error]] as [string, string][]) : []),
            ]}
          />
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <h2 className="mb-3 text-sm font-semibold">Engine</h2>
          {error && !engine ? <ErrorNotice error={error} what="engine information" /> : null}
          {engine ? (
            <InfoList
              label="Engine"
              items={[
                ['Kind', engine.kind === 'podman' ? 'Podman' : 'Docker'],
                ['Version', engine.version],
                ['API version', engine.apiVersion],
                ['Name', engine.name],
                ['Operating system', engine.os],
                ['Kernel', engine.kernelVersion],
                ['Architecture', engine.architecture],
                ['CPUs / memory', `${engine.cpus} / ${formatBytes(engine.memoryBytes)}`],
                ['Storage driver', engine.storageDriver],
                ['Cgroup', `v${engine.cgroupVersion} (${engine.cgroupDriver})`],
                ['Data root', <code className="font-mono text-xs">{engine.dataRoot}</code>],
              ]}
            />
          ) : null}
        </div>
      </section>
    </>
  );
}
