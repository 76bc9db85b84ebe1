import { useEffect, useState, type ReactNode } from 'react';
import type { ProxyStatus } from '../../../../common/contract';
import { api } from '../../api/client';
import { InfoList } from '../InfoList';
import { buttonClass, primaryButtonClass } from '../Modal';
import { ActionError, Card } from './Card';
import { useEngineAction } from './useEngineAction';
import { useProxyStatus } from './useProxyStatus';

const STATE_STYLES: Record<ProxyStatus['state'], string> = {
  listening: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200',
  stopped: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  failed: 'bg-rose-100 text-rose-800 dark:bg-rose-900/60 dark:text-rose-200',
};

const codeClass = 'font-mono text-xs break-all';
const linkClass = 'text-cyan-700 hover:underline dark:text-cyan-300';

/** A shell line with its own Copy button. */
function CopyLine({ text, testId }: { text: string; testId: string }) {
  const [copied, setCopied] = useState<string>();
  const copy = () =>
    void navigator.clipboard?.writeText(text).then(
      () => setCopied('Copied'),
      () => setCopied('Not allowed: select and copy'),
    );
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(undefined), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <div className="flex items-center gap-2">
      <pre data-testid={testId} className="min-w-0 flex-1 overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs whitespace-pre text-slate-100 dark:bg-slate-950">
        {text}
      </pre>
      <button type="button" className={buttonClass} aria-label={`Copy ${text}`} onClick={copy}>
        {copied ?? 'Copy'}
      </button>
    </div>
  );
}

function contextLine(status: ProxyStatus): ReactNode {
  const { context } = status;
  if (!context.exists) return <span className="text-slate-500 dark:text-slate-400">not written yet (it is written when the socket listens)</span>;
  if (context.current === 'berth') return <span>berth, the docker CLI's current context</span>;
  return (
    <span>
      berth <span className="font-normal text-slate-500 dark:text-slate-400">(the CLI's current context is {context.current})</span>
    </span>
  );
}

/**
 * Berth's own engine socket: whether it listens and where, what crosses it, the lines that point a shell at it, and
 * the `berth` docker context, which becomes the CLI's current one only when the user asks.
 */
export function ProxyCard() {
  const { status, setContext } = useProxyStatus();
  const { pending, error, run } = useEngineAction();
  // Shown at once when clicked; put back if saving fails.
  const [enabled, setEnabled] = useState<boolean>();
  useEffect(() => setEnabled(status?.enabled), [status?.enabled]);
  if (!status) {
    return (
      <Card title="Berth's engine socket" className="lg:col-span-2">
        <p className="text-sm text-slate-500 dark:text-slate-400">Reading the socket's state…</p>
      </Card>
    );
  }
  const { context } = status;
  const usingBerth = context.current === 'berth';
  const toggle = (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        role="switch"
        checked={enabled ?? status.enabled}
        disabled={pending === 'enable'}
        onChange={(event) => {
          const wanted = event.target.checked;
          setEnabled(wanted);
          void run('enable', () => api.call('proxy.setEnabled', { enabled: wanted })).then((saved) => {
            if (!saved) setEnabled(!wanted);
          });
        }}
        className="size-4 accent-cyan-600"
      />
      Serve the engine on this socket
    </label>
  );

  const items: [string, ReactNode][] = [
    [
      'State',
      <span data-testid="proxy-state" data-state={status.state} className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${STATE_STYLES[status.state]}`}>
        {status.state}
      </span>,
    ],
    ...(status.error ? ([['Reason', <span data-testid="proxy-reason">{status.error}</span>]] as [string, ReactNode][]) : []),
    ['Socket', <code data-testid="proxy-address" className={codeClass}>{status.address}</code>],
    ['Forwards to', status.engine ? <code className={codeClass}>{status.engine}</code> : <span className="text-slate-500 dark:text-slate-400">no engine yet: calls get a clear error</span>],
    ['Open connections', <span data-testid="proxy-connections">{status.openConnections}</span>],
    [
      'Requests forwarded',
      <span className="inline-flex flex-wrap items-baseline gap-x-3">
        <span data-testid="proxy-requests">{status.requests.toLocaleString()}</span>
        <a href="#/activity" className={`text-xs font-normal ${linkClass}`}>
          See each call in API activity →
        </a>
      </span>,
    ],
    ['Docker context', <span data-testid="proxy-context">{contextLine(status)}</span>],
    ['Docker config', <code className={codeClass}>{context.configDir}</code>],
  ];

  return (
    <Card title="Berth's engine socket" label="Engine socket" className="lg:col-span-2" actions={toggle}>
      <div className="grid gap-6 md:grid-cols-2">
        <div className="self-start">
          <InfoList label="Engine socket" items={items} />
        </div>
        <div className="space-y-3 text-sm">
          <p className="text-slate-600 dark:text-slate-300">
            Your docker CLI, Compose, Testcontainers and IDE plugins can reach the active engine through Berth, which shows every call they make.
          </p>
          <CopyLine text="docker --context berth ps" testId="proxy-context-line" />
          <CopyLine text={status.dockerHostLine} testId="proxy-docker-host-line" />
          <div className="flex flex-wrap items-center gap-2 pt-1">
            {usingBerth ? (
              <button type="button" className={buttonClass} disabled={Boolean(pending)} onClick={() => void run('restore', () => api.call('proxy.context.restore', {}).then(setContext))}>
                {pending === 'restore' ? 'Putting back…' : `Put back ${context.previous ?? 'default'}`}
              </button>
            ) : (
              <button
                type="button"
                className={primaryButtonClass}
                disabled={Boolean(pending) || status.state !== 'listening'}
                title={status.state !== 'listening' ? 'Turn the socket on first: the CLI would reach nothing.' : undefined}
                onClick={() => void run('use', () => api.call('proxy.context.use', {}).then(setContext))}
              >
                {pending === 'use' ? 'Switching…' : 'Use Berth for my docker CLI'}
              </button>
            )}
          </div>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {usingBerth
              ? 'Plain docker commands now go through Berth. '
              : 'Makes berth the current context in config.json (every other setting stays); a second button puts yours back. '}
            A shell with DOCKER_HOST or DOCKER_CONTEXT set follows those instead.
          </p>
          <p data-testid="proxy-testcontainers" className="text-xs text-slate-500 dark:text-slate-400">
            Testcontainers: point it here with the DOCKER_HOST line; <code className="font-mono">TESTCONTAINERS_HOST_OVERRIDE</code> is not needed for a local
            socket. When the engine runs in a VM, also set <code className="font-mono">TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE=/var/run/docker.sock</code>.
          </p>
        </div>
      </div>
      {context.error ? (
        <p role="alert" data-testid="proxy-context-error" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm break-words text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {context.error}
        </p>
      ) : null}
      <ActionError message={error} />
    </Card>
  );
}
