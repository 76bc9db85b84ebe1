import type { PortBinding } from '../../../../common/contract';

/** The browser address of a published TCP port. */
export function portLink(port: PortBinding): string | undefined {
  if (!port.publicPort || port.protocol !== 'tcp') return undefined;
  const host = !port.ip || port.ip === '0.0.0.0' || port.ip === '::' ? 'localhost' : port.ip.includes(':') ? `[${port.ip}]` : port.ip;
  return `http://${host}:${port.publicPort}`;
}

/** The engine lists a published port once per address family; each binding once is enough. */
export function uniquePorts(ports: PortBinding[]): PortBinding[] {
  const seen = new Set<string>();
  return ports.filter((port) => {
    const key = `${port.publicPort ?? ''}/${port.privatePort}/${port.protocol}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Published ports as links that open in the browser; exposed-only ports as plain text. `inactive`: the ports a
 * stopped container's configuration publishes, shown as plain text marked "not active".
 */
export function PortLinks({ ports, inactive }: { ports: PortBinding[]; inactive?: boolean }) {
  const unique = uniquePorts(ports);
  if (!unique.length) return <span className="text-slate-400">—</span>;
  if (inactive) {
    const text = unique.map((port) => (port.publicPort ? `${port.publicPort}→${port.privatePort}/${port.protocol}` : `${port.privatePort}/${port.protocol}`)).join(', ');
    return (
      <span className="block truncate font-mono text-xs text-slate-400 dark:text-slate-500" title={`${text}: published when the container runs; not active now`}>
        {text} <span className="font-sans">(not active)</span>
      </span>
    );
  }
  return (
    <span className="flex flex-wrap gap-x-2">
      {unique.map((port) => {
        const text = port.publicPort ? `${port.publicPort}→${port.privatePort}/${port.protocol}` : `${port.privatePort}/${port.protocol}`;
        const href = portLink(port);
        return href ? (
          <a key={text} href={href} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()} className="font-mono text-xs text-cyan-700 hover:underline dark:text-cyan-400">
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
