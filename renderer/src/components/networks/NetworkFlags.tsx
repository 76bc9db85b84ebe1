import type { NetworkSummary } from '../../../../common/contract';

const badge = 'rounded bg-slate-200 px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide text-slate-600 dark:bg-slate-800 dark:text-slate-300';

/** The "system", "internal" and "attachable" markers after a network's name. */
export function NetworkFlags({ network }: { network: NetworkSummary }) {
  return (
    <>
      {network.system ? (
        <span className={badge} title="Created by the engine; cannot be removed">
          system
        </span>
      ) : null}
      {network.internal ? <span className={badge}>internal</span> : null}
      {network.attachable ? <span className={badge}>attachable</span> : null}
    </>
  );
}

export function Subnets({ network }: { network: NetworkSummary }) {
  if (!network.subnets.length) return <span className="text-slate-400">—</span>;
  return (
    <ul className="font-mono text-xs">
      {network.subnets.map((s) => (
        <li key={`${s.subnet}-${s.gateway}`}>
          {s.subnet ?? '—'}
          {s.gateway ? ` via ${s.gateway}` : ''}
          {s.ipRange ? ` (range ${s.ipRange})` : ''}
        </li>
      ))}
    </ul>
  );
}
