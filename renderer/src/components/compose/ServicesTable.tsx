import { useState } from 'react';
import type { ComposeAction, ComposeServiceSummary } from '../../../../common/contract/compose';
import { StateBadge } from '../StateBadge';

const STATE_BADGE: Record<ComposeServiceSummary['state'], string> = { running: 'running', partial: 'partly running', stopped: 'stopped', absent: 'not created' };

function Ports({ service }: { service: ComposeServiceSummary }) {
  if (!service.ports.length) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {service.ports.map((port) =>
        port.hostPort ? (
          <a
            key={`${port.hostIp}:${port.hostPort}:${port.containerPort}/${port.protocol}`}
            className="font-mono text-xs text-cyan-700 hover:underline dark:text-cyan-400"
            href={`http://${port.hostIp && port.hostIp !== '0.0.0.0' && !port.hostIp.includes(':') ? port.hostIp : '127.0.0.1'}:${port.hostPort}/`}
            target="_blank"
            rel="noreferrer"
          >
            {port.hostPort}→{port.containerPort}/{port.protocol}
          </a>
        ) : (
          <span key={`${port.containerPort}/${port.protocol}`} className="font-mono text-xs text-slate-500">
            {port.containerPort}/{port.protocol}
          </span>
        ),
      )}
    </span>
  );
}

function ScaleControl({ service, disabled, onRun }: { service: ComposeServiceSummary; disabled: boolean; onRun(action: ComposeAction, what: string): void }) {
  const [replicas, setReplicas] = useState(service.desired);
  return (
    <form
      className="flex items-center gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        onRun({ kind: 'scale', service: service.name, replicas }, `Scale ${service.name} to ${replicas}`);
      }}
    >
      <input
        aria-label={`Replicas of ${service.name}`}
        type="number"
        min={0}
        max={100}
        value={replicas}
        onChange={(event) => setReplicas(Number(event.target.value))}
        className="w-14 rounded border border-slate-300 bg-white px-1 py-0.5 text-xs dark:border-slate-700 dark:bg-slate-900"
      />
      <button type="submit" disabled={disabled || replicas === service.desired} className="text-xs text-cyan-700 hover:underline disabled:text-slate-400 disabled:no-underline dark:text-cyan-400">
        Scale
      </button>
    </form>
  );
}

/** A project's services: state, replicas running/desired, ports, their containers, scale and recreate. */
export function ServicesTable({ services, busy, onRun }: { services: ComposeServiceSummary[]; busy: boolean; onRun(action: ComposeAction, what: string): void }) {
  return (
    <table className="w-full text-sm">
      <thead className="text-left text-xs text-slate-500 uppercase">
        <tr>
          <th className="py-1 pr-3 font-medium">Service</th>
          <th className="py-1 pr-3 font-medium">State</th>
          <th className="py-1 pr-3 font-medium">Replicas</th>
          <th className="py-1 pr-3 font-medium">Ports</th>
          <th className="py-1 pr-3 font-medium">Containers</th>
          <th className="py-1 font-medium">Actions</th>
        </tr>
      </thead>
      <tbody>
        {services.map((service) => (
          <tr key={service.name} data-service={service.name} className="border-t border-slate-200 align-top dark:border-slate-800">
            <td className="py-1.5 pr-3">
              <div className="font-medium">{service.name}</div>
              {service.image ? <div className="font-mono text-xs text-slate-500">{service.image}</div> : null}
            </td>
            <td className="py-1.5 pr-3">
              <span data-testid="service-state" data-state={service.state}>
                <StateBadge state={STATE_BADGE[service.state]} />
              </span>
            </td>
            <td className="py-1.5 pr-3 font-mono text-xs" data-testid="service-replicas">
              {service.running}/{service.desired}
            </td>
            <td className="py-1.5 pr-3">
              <Ports service={service} />
            </td>
            <td className="py-1.5 pr-3">
              <ul className="space-y-0.5">
                {service.containers.map((container) => (
                  <li key={container.id}>
                    <a className="font-mono text-xs text-cyan-700 hover:underline dark:text-cyan-400" href={`#/containers/${encodeURIComponent(container.id)}`} title={container.status}>
                      {container.name}
                    </a>
                  </li>
                ))}
              </ul>
            </td>
            <td className="py-1.5">
              <div className="flex flex-wrap items-center gap-2">
                <ScaleControl key={service.desired} service={service} disabled={busy} onRun={onRun} />
                <button
                  type="button"
                  disabled={busy}
                  className="text-xs text-cyan-700 hover:underline disabled:text-slate-400 dark:text-cyan-400"
                  onClick={() => onRun({ kind: 'recreate', service: service.name }, `Recreate ${service.name}`)}
                  title="Recreate this service's containers from the file as saved (other services untouched)"
                >
                  Recreate
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
