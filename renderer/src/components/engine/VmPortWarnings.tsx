import { useVmPorts } from './useVm';

/**
 * On a container's overview: the loopback forwards Berth's VM made for its published ports, and a warning for each
 * port that could not be forwarded (e.g. the host port is taken). Renders nothing for containers of other engines.
 */
export function VmPortWarnings({ containerId }: { containerId: string }) {
  const forwards = useVmPorts().filter((forward) => forward.containerId === containerId);
  if (!forwards.length) return null;
  const failed = forwards.filter((forward) => forward.state === 'failed');
  const active = forwards.filter((forward) => forward.state === 'active');
  return (
    <div className="mt-3 space-y-2 text-sm">
      {failed.map((forward) => (
        <p
          key={`${forward.protocol}:${forward.hostPort}`}
          role="alert"
          data-testid="vm-port-warning"
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          Port {forward.hostPort}/{forward.protocol} is not reachable on this computer: {forward.error}
        </p>
      ))}
      {active.length ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Forwarded from Berth's VM to this computer: {active.map((forward) => `127.0.0.1:${forward.hostPort}/${forward.protocol}`).join(', ')}
        </p>
      ) : null}
    </div>
  );
}
