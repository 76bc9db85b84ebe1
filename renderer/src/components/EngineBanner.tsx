import { engineEverConnected, useEngineStatus, useTransportState } from '../hooks/useEngineStatus';
import { unreachableReason } from './engine-unreachable-text';
import { buttonClass } from './Modal';

/** Says plainly when Berth cannot reach its backend or the engine, and what to do about it. */
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
    const reason = unreachableReason(status.error);
    const onEnginePage = window.location.hash.startsWith('#/engine');
    return (
      <div
        role="alert"
        data-testid="engine-banner"
        className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-rose-300 bg-rose-50 px-6 py-2 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100"
      >
        <p className="min-w-0 flex-1">
          <strong className="font-semibold">Engine unavailable.</strong>{' '}
          {status.endpoint ? (
            <>
              Berth cannot reach the container engine at <code className="font-mono text-xs break-all">{status.endpoint}</code>. {reason}{' '}
              {engineEverConnected() ? 'The pages show what was last seen; ' : ''}
              {engineEverConnected() ? 'retrying' : 'Retrying'} every second.
            </>
          ) : (
            <>Berth has no container engine yet. {reason}</>
          )}
        </p>
        {onEnginePage ? null : (
          <a href="#/engine" className={`${buttonClass} shrink-0`}>
            Open the Engine page
          </a>
        )}
      </div>
    );
  }
  return null;
}
