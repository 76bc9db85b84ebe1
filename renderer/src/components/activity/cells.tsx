import { useEffect, useState } from 'react';
import type { ApiCall, ApiCallUpgrade } from '../../../../common/contract/proxy';
import { statusText } from '../../lib/har';
import { formatDuration, statusClassOf } from './activity-filter';

const STATUS_TONE: Record<ReturnType<typeof statusClassOf>, string> = {
  '1xx': 'text-violet-700 dark:text-violet-300',
  '2xx': 'text-emerald-700 dark:text-emerald-400',
  '3xx': 'text-sky-700 dark:text-sky-300',
  '4xx': 'text-amber-700 dark:text-amber-400',
  '5xx': 'text-rose-700 dark:text-rose-400',
  open: 'text-slate-500 dark:text-slate-400',
  failed: 'text-rose-700 dark:text-rose-400',
};

const UPGRADE_LABEL: Record<ApiCallUpgrade, string> = { upgrade: 'upgrade', hijack: 'hijack', h2: 'h2' };
const UPGRADE_TITLE: Record<ApiCallUpgrade, string> = {
  upgrade: 'Upgraded (101 Switching Protocols): a raw two-way stream, such as attach or exec',
  hijack: 'Hijacked: the engine turned the connection into a raw stream',
  h2: 'HTTP/2 from the first byte (BuildKit and newer clients)',
};

/** Ticks while `active`, so open calls show a running duration; idle otherwise. */
export function useNow(active: boolean, intervalMs = 500): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}

export function StatusCell({ call }: { call: ApiCall }) {
  const kind = statusClassOf(call);
  const label = call.state === 'failed' && call.status === undefined ? 'failed' : (call.status ?? '…');
  const title = call.state === 'failed' ? `The connection broke${call.error ? `: ${call.error}` : ''}` : call.status === undefined ? 'Waiting for the engine to answer' : `${call.status} ${statusText(call.status)}`.trim();
  return (
    <span className="flex min-w-0 items-center gap-1.5">
      <span className={`font-mono font-semibold tabular-nums ${STATUS_TONE[kind]}`} title={title} data-status-class={kind}>
        {label}
      </span>
      {call.upgrade ? <UpgradeBadge upgrade={call.upgrade} /> : null}
    </span>
  );
}

export function UpgradeBadge({ upgrade }: { upgrade: ApiCallUpgrade }) {
  return (
    <span
      title={UPGRADE_TITLE[upgrade]}
      className="inline-flex items-center gap-0.5 rounded bg-violet-100 px-1 text-[10px] font-medium uppercase tracking-wide text-violet-800 dark:bg-violet-900/60 dark:text-violet-200"
    >
      <span aria-hidden="true">⇅</span>
      {UPGRADE_LABEL[upgrade]}
    </span>
  );
}

export function BerthBadge() {
  return (
    <span
      title="A call Berth itself made to the engine"
      className="inline-flex shrink-0 items-center rounded bg-cyan-100 px-1.5 text-[10px] font-semibold uppercase tracking-wide text-cyan-800 dark:bg-cyan-900/60 dark:text-cyan-200"
    >
      Berth
    </span>
  );
}

/** The call's duration, or for an open call its time so far (marked as running). */
export function DurationCell({ call, now }: { call: ApiCall; now: number }) {
  if (call.durationMs !== undefined) return <span className="tabular-nums">{formatDuration(call.durationMs)}</span>;
  return (
    <span className="inline-flex items-center gap-1 tabular-nums text-cyan-700 dark:text-cyan-300" title="Still open">
      <span aria-hidden="true" className="h-1.5 w-1.5 animate-pulse rounded-full bg-cyan-500" />
      {formatDuration(Math.max(0, now - call.startedAt))}
    </span>
  );
}
