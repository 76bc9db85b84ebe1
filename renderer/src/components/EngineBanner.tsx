import { useEngineStatus, useTransportState } from '../hooks/useEngineStatus';

/** Says plainly when Berth cannot reach its backend or the engine; everything on screen stays as last seen. */
export function EngineBanner() {
  const status = useEngineStatus();
  const transport = useTransportState();

  if (transport === 'closed') {
    return (
      <div role="alert" className="border-b border-rose-300 bg-rose-50 px-6 py-2 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
        <strong className="font-semibold">Lost connection to Berth.</strong> Reconnecting… If Berth was restarted, open the new address it printed.
      </div>
    );
  }
  if (status.state === 'unreachable') {
    return (
      <div role="alert" data-testid="engine-banner" className="border-b border-rose-300 bg-rose-50 px-6 py-2 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
        <strong className="font-semibold">Engine unavailable.</strong>{' '}
        {status.endpoint ? (
          <>
            Berth cannot reach the container engine at <code className="font-mono text-xs">{status.endpoint}</code>
            {status.error ? ` (${status.error})` : ''}. Showing the last known state; retrying automatically.
          </>
        ) : (
          <>
            Berth has no container engine yet{status.error ? `: ${status.error}` : '.'} See the <a href="#/engine" className="underline">Engine page</a>.
          </>
        )}
      </div>
    );
  }
  return null;
}
