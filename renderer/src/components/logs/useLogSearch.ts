import { useEffect, useMemo, useState } from 'react';
import { compileQuery, plainText, SeqIndex, type CompiledQuery, type SearchQuery } from './log-search';
import type { LogStore } from './log-store';

const TYPING_PAUSE_MS = 200;

export interface LogSearch {
  compiled: CompiledQuery | undefined;
  /** Lines with a match, among the visible services. */
  matches: SeqIndex | undefined;
  /** Lines of the visible services, when some are hidden. */
  visible: SeqIndex | undefined;
  /** How long the last full scan took, for the benchmark and curious users. */
  scanMs: number | undefined;
}

/**
 * Search and service filtering over the store. A full scan runs once per query (after typing pauses); after that
 * only arriving lines are examined. `hiddenSources` is compared by identity: pass a new set when it changes.
 */
export function useLogSearch(store: LogStore, version: number, query: SearchQuery, hiddenSources: ReadonlySet<number>): LogSearch {
  const [settled, setSettled] = useState(query);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(query), query.text ? TYPING_PAUSE_MS : 0);
    return () => clearTimeout(timer);
  }, [query]);

  const compiled = useMemo(() => compileQuery(settled), [settled]);
  const isVisible = useMemo(
    () => (hiddenSources.size ? (seq: number) => !hiddenSources.has(store.sourceAt(seq)) : undefined),
    [store, hiddenSources],
  );

  const visible = useMemo(() => (isVisible ? new SeqIndex(store, isVisible) : undefined), [store, isVisible]);
  const [matches, scanMs] = useMemo(() => {
    if (!compiled?.ok) return [undefined, undefined];
    const pattern = compiled.test;
    const started = performance.now();
    const index = new SeqIndex(store, (seq) => (!isVisible || isVisible(seq)) && pattern.test(plainText(store.textAt(seq))));
    return [index, performance.now() - started] as const;
  }, [store, compiled, isVisible]);

  // Each new `version` brings lines; the indexes examine only those.
  useMemo(() => {
    visible?.update();
    matches?.update();
  }, [visible, matches, version]);

  return { compiled, matches, visible, scanMs };
}
