import { useState, type ReactNode } from 'react';
import { plural } from '../../lib/plural';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isContainer(value: Json): value is Json[] | { [key: string]: Json } {
  return typeof value === 'object' && value !== null;
}

function entriesOf(value: Json[] | { [key: string]: Json }): [string, Json][] {
  return Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
}

/** Whether the key or the scalar value of this node, or of anything below it, contains the query. */
export function containsMatch(key: string, value: Json, query: string): boolean {
  if (!query) return false;
  if (key.toLowerCase().includes(query)) return true;
  if (isContainer(value)) return entriesOf(value).some(([k, v]) => containsMatch(k, v, query));
  return String(value).toLowerCase().includes(query);
}

function Highlight({ text, query }: { text: string; query: string }) {
  if (!query) return <>{text}</>;
  const parts: ReactNode[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(query); at >= 0; at = lower.indexOf(query, from)) {
    parts.push(text.slice(from, at), <mark key={at} className="rounded-sm bg-amber-200 text-slate-900 dark:bg-amber-500/60 dark:text-white">{text.slice(at, at + query.length)}</mark>);
    from = at + query.length;
  }
  parts.push(text.slice(from));
  return <>{parts}</>;
}

function Scalar({ value, query }: { value: Json; query: string }) {
  if (typeof value === 'string') return <span className="text-emerald-700 dark:text-emerald-300">"<Highlight text={value} query={query} />"</span>;
  if (typeof value === 'number') return <span className="text-sky-700 dark:text-sky-300"><Highlight text={String(value)} query={query} /></span>;
  return <span className="text-violet-700 dark:text-violet-300">{String(value)}</span>;
}

interface NodeProps {
  name: string;
  value: Json;
  depth: number;
  query: string;
  /** Open state every node starts with (changed by "expand all"/"collapse all"). */
  defaultDepth: number;
}

function JsonNode({ name, value, depth, query, defaultDepth }: NodeProps) {
  const [open, setOpen] = useState(depth < defaultDepth);
  const label = (
    <span className="text-slate-700 dark:text-slate-300">
      <Highlight text={name} query={query} />
      {': '}
    </span>
  );
  if (!isContainer(value)) {
    return (
      <div style={{ paddingLeft: depth * 16 + 16 }} className="break-all">
        {label}
        <Scalar value={value} query={query} />
      </div>
    );
  }
  const entries = entriesOf(value);
  const [openBrace, closeBrace] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const forced = query !== '' && containsMatch('', value, query);
  const expanded = (open || forced) && entries.length > 0;
  return (
    <div>
      <button type="button" style={{ paddingLeft: depth * 16 }} aria-expanded={expanded} onClick={() => setOpen(!expanded)} className="flex w-full items-baseline gap-1 text-left hover:bg-slate-100 dark:hover:bg-slate-800">
        <span aria-hidden="true" className="inline-block w-3 text-slate-400">
          {entries.length ? (expanded ? '▾' : '▸') : ''}
        </span>
        {label}
        <span className="text-slate-500">
          {openBrace}
          {expanded ? '' : entries.length ? ` ${plural(entries.length, Array.isArray(value) ? 'item' : 'key')} ${closeBrace}` : closeBrace}
        </span>
      </button>
      {expanded ? (
        <>
          {entries.map(([key, child]) => (
            <JsonNode key={key} name={key} value={child} depth={depth + 1} query={query} defaultDepth={defaultDepth} />
          ))}
          <div style={{ paddingLeft: depth * 16 + 16 }} className="text-slate-500">
            {closeBrace}
          </div>
        </>
      ) : null}
    </div>
  );
}

/** A collapsible JSON document; nodes holding a match of `query` open themselves and the match is highlighted. */
export function JsonTree({ value, query, defaultDepth }: { value: Record<string, unknown>; query: string; defaultDepth: number }) {
  return (
    <div className="font-mono text-xs leading-5">
      {entriesOf(value as { [key: string]: Json }).map(([key, child]) => (
        <JsonNode key={key} name={key} value={child} depth={0} query={query.toLowerCase()} defaultDepth={defaultDepth} />
      ))}
    </div>
  );
}
