import type { ReactNode } from 'react';
import type { ApiCall, HeaderList } from '../../../../common/contract/proxy';
import { formatBytes } from '../../lib/format';
import { callUrl, statusText } from '../../lib/har';
import { clientName, formatDuration } from './activity-filter';
import { BerthBadge, StatusCell, UpgradeBadge, useNow } from './cells';

function Headers({ title, headers, empty }: { title: string; headers: HeaderList | undefined; empty: string }) {
  return (
    <section aria-label={title} className="mt-4">
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{title}</h3>
      {headers?.length ? (
        <dl className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
          {headers.map(([name, value], index) => (
            <div key={`${index}:${name}`} className="contents">
              <dt className="text-slate-500 dark:text-slate-400">{name}</dt>
              <dd className={`break-all ${value === '[redacted]' ? 'italic text-amber-700 dark:text-amber-400' : ''}`} title={value === '[redacted]' ? 'A credential: Berth never keeps it' : undefined}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="text-xs text-slate-500 dark:text-slate-400">{empty}</p>
      )}
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

/** What one call carried: who sent it, how it went, and both heads (secrets already redacted at capture). */
export function ActivityDetail({ call, onClose }: { call: ApiCall; onClose(): void }) {
  const now = useNow(call.durationMs === undefined);
  const duration = call.durationMs ?? Math.max(0, now - call.startedAt);
  return (
    <aside aria-label="Call details" className="flex w-[26rem] shrink-0 flex-col border-l border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <header className="flex items-start gap-2 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <div className="min-w-0 flex-1">
          <p className="flex items-center gap-2 text-sm font-semibold">
            <span className="font-mono">{call.method}</span>
            <StatusCell call={call} />
          </p>
          <p className="mt-0.5 break-all font-mono text-xs text-slate-600 dark:text-slate-300">{callUrl(call)}</p>
        </div>
        <button type="button" onClick={onClose} aria-label="Close details" className="rounded px-1.5 text-lg leading-none text-slate-500 hover:bg-slate-100 hover:text-slate-900 dark:hover:bg-slate-800 dark:hover:text-white">
          ×
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-3 text-sm">
        <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1 text-xs">
          <Row label="Client">
            {call.origin === 'berth' ? (
              <span className="inline-flex items-center gap-1.5">
                <BerthBadge /> Berth's own call to the engine
              </span>
            ) : (
              clientName(call)
            )}
          </Row>
          {call.origin === 'client' ? <Row label="Process">{call.pid !== undefined ? `${call.processName ?? 'pid'} ${call.pid}` : 'Not reported by the operating system'}</Row> : null}
          {call.userAgent ? <Row label="User agent">{call.userAgent}</Row> : null}
          <Row label="Started">{new Date(call.startedAt).toLocaleString()}</Row>
          <Row label="Status">
            {call.state === 'failed' ? `Connection broke${call.error ? `: ${call.error}` : ''}` : call.status === undefined ? 'Waiting for the engine' : `${call.status} ${statusText(call.status)}`}
          </Row>
          <Row label={call.durationMs === undefined ? 'Open for' : 'Duration'}>{formatDuration(duration)}</Row>
          {call.upgrade ? (
            <Row label="Connection">
              <span className="inline-flex items-center gap-1.5">
                <UpgradeBadge upgrade={call.upgrade} /> {call.state === 'open' ? 'stream open' : 'stream ended'}
              </span>
            </Row>
          ) : null}
          <Row label="Sent">{formatBytes(call.bytesIn)}</Row>
          <Row label="Received">{formatBytes(call.bytesOut)}</Row>
          <Row label="Connection id">{call.connectionId}</Row>
          {call.apiVersion ? <Row label="API version">{call.apiVersion}</Row> : null}
        </dl>
        <Headers title="Request headers" headers={call.requestHeaders} empty="None recorded." />
        <Headers title="Response headers" headers={call.responseHeaders} empty={call.state === 'open' ? 'The engine has not answered yet.' : 'None recorded.'} />
        <p className="mt-4 text-xs text-slate-500 dark:text-slate-400">Bodies are counted, not kept; credentials are redacted before anything is stored.</p>
      </div>
    </aside>
  );
}
