import type { LogStore } from './log-store';

export interface ExportOptions {
  timestamps: boolean;
  /** Merged views: the label to put before each line of a source. */
  sourceLabel?: (source: number) => string;
  /** Only lines this keeps (e.g. the visible services). */
  keep?: (seq: number) => boolean;
}

const LINES_PER_PART = 20_000;

/**
 * The held lines as a `.log` file, exactly as the engine sent them (escape sequences included, as `docker logs`
 * prints them). Built in parts so a million lines never become one giant string.
 */
export function logBlob(store: LogStore, options: ExportOptions): Blob {
  const parts: string[] = [];
  let lines: string[] = [];
  for (let seq = store.firstSeq; seq < store.endSeq; seq++) {
    if (options.keep && !options.keep(seq)) continue;
    let line = store.textAt(seq);
    if (options.sourceLabel) line = `${options.sourceLabel(store.sourceAt(seq))} | ${line}`;
    if (options.timestamps) line = `${store.timestampAt(seq)} ${line}`;
    lines.push(line);
    if (lines.length === LINES_PER_PART) {
      parts.push(`${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length) parts.push(`${lines.join('\n')}\n`);
  return new Blob(parts, { type: 'text/plain;charset=utf-8' });
}

/** A file name safe on every platform, e.g. `web-1-2024-05-01T12-00-00.log`. */
export function logFileName(name: string, now = new Date()): string {
  const safe = name.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'logs';
  return `${safe}-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.log`;
}
