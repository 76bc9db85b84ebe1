import { useState } from 'react';
import type { ProxyStatus } from '../../../../common/contract/proxy';
import { EmptyState } from '../EmptyState';

const linkClass = 'font-medium text-cyan-700 hover:underline dark:text-cyan-400';

/** A shell line to copy, with a button that copies it. */
function CopyLine({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      },
      () => undefined,
    );
  return (
    <div className="mt-2 flex items-center gap-2 rounded-md border border-slate-200 bg-white px-3 py-1.5 text-left dark:border-slate-700 dark:bg-slate-900">
      <code className="min-w-0 flex-1 break-all font-mono text-xs text-slate-800 select-all dark:text-slate-100">{text}</code>
      <button type="button" onClick={copy} className="shrink-0 text-xs text-cyan-700 hover:underline dark:text-cyan-400" aria-label={`Copy ${text}`}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

/** Why the socket is not taking calls, in a sentence. */
export function socketOffText(status: ProxyStatus): string {
  if (status.state === 'failed') return `Berth's socket could not start${status.error ? `: ${status.error}` : '.'}`;
  return status.enabled ? "Berth's socket is starting." : "Berth's socket is off.";
}

/** The page before any call arrived: how to send one, or why none can arrive. */
export function ActivityEmpty({ status }: { status: ProxyStatus | undefined }) {
  if (status && status.state !== 'listening') {
    return (
      <EmptyState title={socketOffText(status)}>
        <p>
          Programs such as the docker CLI reach the engine through Berth only while its socket is on. Turn it on on the{' '}
          <a href="#/engine" className={linkClass}>
            Engine page
          </a>
          .
        </p>
        <p className="mt-2">Calls Berth itself makes to the engine still show up here, marked Berth.</p>
      </EmptyState>
    );
  }
  const host = status?.address;
  return (
    <EmptyState title="No API calls yet">
      <p>Every call a program sends through Berth's socket shows up here as it happens. Try:</p>
      {status?.context.exists ? <CopyLine text="docker --context berth ps" /> : null}
      {host ? <CopyLine text={`docker -H ${host} ps`} /> : null}
      {status?.dockerHostLine ? (
        <>
          <p className="mt-3">or point a whole shell at Berth:</p>
          <CopyLine text={status.dockerHostLine} />
        </>
      ) : null}
      {!status ? <p className="mt-2">Waiting for the socket's address…</p> : null}
      <p className="mt-3">Calls Berth itself makes to the engine show up too, marked Berth.</p>
    </EmptyState>
  );
}

/** Above a table that holds only Berth's own calls: how to send one through the socket, in one line. */
export function SocketHint({ status }: { status: ProxyStatus }) {
  return (
    <div role="note" className="flex flex-wrap items-center gap-x-3 border-b border-slate-200 bg-white px-6 py-1 text-sm text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300">
      <span>No program has called through Berth's socket yet. Try</span>
      <div className="-mt-2 min-w-0 max-w-xl flex-1">
        <CopyLine text={status.context.exists ? 'docker --context berth ps' : `docker -H ${status.address} ps`} />
      </div>
    </div>
  );
}
