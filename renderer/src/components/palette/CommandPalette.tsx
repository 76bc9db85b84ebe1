import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ContainerSummary } from '../../../../common/contract';
import { api } from '../../api/client';
import { NAV_ITEMS } from '../Sidebar';
import { fuzzyFilter, type FuzzyMatch } from './fuzzy';
import { containerActionItems, groupTogether, pageItems, resourceItems, targetActionItems, targetName, type PaletteData, type PaletteItem, type PaletteRemovers, type PaletteTarget } from './palette-items';

const EMPTY: PaletteData = { containers: [], images: [], volumes: [], networks: [] };
const MAX_RESULTS = 60;

/** Pages beyond the sidebar that the palette also reaches. */
const EXTRA_PAGES = [{ route: 'shortcuts', label: 'Keyboard shortcuts' }];

/** What the last opening read: shown at once on the next, while a fresh read replaces it. */
let lastRead: PaletteData | undefined;

/**
 * Reads what the palette searches once per opening (it is closed most of the time, so it keeps no stream open),
 * starting from the previous opening's lists so what the user types matches at once.
 */
function usePaletteData(): { data: PaletteData; loading: boolean; failed: string[] } {
  const [state, setState] = useState<{ data: PaletteData; loading: boolean; failed: string[] }>({ data: lastRead ?? EMPTY, loading: true, failed: [] });
  useEffect(() => {
    let cancelled = false;
    const failed: string[] = [];
    const read = <T,>(what: string, load: () => Promise<T[]>) =>
      load().catch(() => {
        failed.push(what);
        return [] as T[];
      });
    void Promise.all([
      read('containers', () => api.call('containers.list', {})),
      read('images', () => api.call('images.list', {})),
      read('volumes', () => api.call('volumes.list', {})),
      read('networks', () => api.call('networks.list', {})),
    ]).then(([containers, images, volumes, networks]) => {
      lastRead = { containers, images, volumes, networks };
      if (!cancelled) setState({ data: lastRead, loading: false, failed });
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return state;
}

function Highlighted({ text, match }: { text: string; match: FuzzyMatch }) {
  if (!match.indices.length) return <>{text}</>;
  const marked = new Set(match.indices);
  const parts: ReactNode[] = [];
  for (let index = 0; index < text.length; index++) {
    parts.push(
      marked.has(index) ? (
        <mark key={index} className="bg-transparent font-semibold text-cyan-700 dark:text-cyan-300">
          {text[index]}
        </mark>
      ) : (
        text[index]
      ),
    );
  }
  return <>{parts}</>;
}

const REMOVERS: PaletteRemovers = {
  container: (id, force) => api.call('containers.remove', { id, force }),
  image: (reference) => api.call('images.remove', { id: reference, force: false }),
  volume: (name) => api.call('volumes.remove', { name, removeContainers: false }),
  network: (id) => api.call('networks.remove', { id }),
};

function removeContainer(id: string, force: boolean) {
  return REMOVERS.container(id, force);
}

/** The container a route is about (`#/containers/<id>/…`), whose actions the palette offers first. */
function containerInRoute(route: string, containers: ContainerSummary[]): ContainerSummary | undefined {
  const [page, id] = route.split('/');
  if (page !== 'containers' || !id) return undefined;
  let decoded = id;
  try {
    decoded = decodeURIComponent(id);
  } catch {
    // A malformed escape typed by hand: match it as typed.
  }
  return containers.find((container) => container.id === decoded || container.name === decoded);
}

/**
 * Ctrl/⌘+K: one box to reach every page, container, image, volume and network, and to act on a container without
 * the mouse. ↑/↓ move, Enter runs (a container shows its actions; Enter again confirms a removal), Esc steps back,
 * then closes.
 */
export function CommandPalette({ route, onClose }: { route: string; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const { data, loading, failed } = usePaletteData();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<PaletteTarget>();
  const [active, setActive] = useState(0);
  const [confirming, setConfirming] = useState<PaletteItem>();
  const [running, setRunning] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    input.current?.focus();
  }, []);

  const selectedName = selected ? targetName(selected, data) : undefined;
  const here = containerInRoute(route, data.containers);
  const items = useMemo<PaletteItem[]>(() => {
    if (selected) return targetActionItems(selected, data, REMOVERS);
    const pages = pageItems([...NAV_ITEMS, ...EXTRA_PAGES]);
    const onThisPage = here ? containerActionItems(here, removeContainer).filter((item) => item.key !== 'open') : [];
    return [...onThisPage, ...pages, ...resourceItems(data)];
  }, [selected, here, data]);
  const results = useMemo(
    () => groupTogether(fuzzyFilter(query, items, (item) => `${item.label} ${item.keywords ?? ''}`).slice(0, MAX_RESULTS), (result) => result.item.group),
    [query, items],
  );
  const current = Math.min(active, Math.max(0, results.length - 1));

  useEffect(() => {
    list.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const stepBack = () => {
    setConfirming(undefined);
    setError(undefined);
    if (selected) {
      setSelected(undefined);
      setQuery('');
      setActive(0);
    } else onClose();
  };

  const choose = async (item: PaletteItem | undefined) => {
    if (!item || running) return;
    const action = item.action;
    setError(undefined);
    if (action.kind === 'navigate') {
      location.hash = action.href;
      onClose();
    } else if (action.kind === 'select') {
      setSelected(action.target);
      setQuery('');
      setActive(0);
    } else {
      if (action.confirm && confirming !== item) {
        setConfirming(item);
        return;
      }
      setConfirming(undefined);
      setRunning(action.progress);
      try {
        await action.run();
        onClose();
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
      } finally {
        setRunning(undefined);
      }
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setConfirming(undefined);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + results.length) % Math.max(1, results.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void choose(confirming ?? results[current]?.item);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (confirming) setConfirming(undefined);
      else stepBack();
    } else if (event.key === 'Backspace' && !query && selected) {
      event.preventDefault();
      stepBack();
    }
  };

  let previousGroup = '';
  return (
    <dialog
      ref={dialog}
      aria-label="Command palette"
      onCancel={(event) => {
        event.preventDefault();
        stepBack();
      }}
      onClick={(event) => {
        if (event.target === dialog.current) onClose();
      }}
      className="mx-auto mt-[12vh] w-full max-w-xl rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-950/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div onKeyDown={onKeyDown}>
        <div className="flex items-center gap-2 border-b border-slate-200 px-3 dark:border-slate-800">
          {selectedName ? (
            <span className="shrink-0 rounded bg-cyan-600/15 px-2 py-0.5 text-xs font-medium text-cyan-800 dark:text-cyan-200">{selectedName}</span>
          ) : null}
          <input
            ref={input}
            role="combobox"
            aria-expanded="true"
            aria-controls="palette-results"
            aria-activedescendant={results.length ? `palette-item-${current}` : undefined}
            aria-label={selectedName ? `Actions for ${selectedName}` : 'Search pages, containers, images, volumes and networks'}
            placeholder={selectedName ? 'Choose an action…' : 'Go to a page, container, image, volume or network…'}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
              setConfirming(undefined);
            }}
            className="w-full bg-transparent py-3 text-sm outline-none placeholder:text-slate-400"
          />
        </div>
        {confirming?.action.kind === 'run' && confirming.action.confirm ? (
          <p role="alert" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
            {confirming.action.confirm} <span className="font-medium">Enter</span> to confirm, <span className="font-medium">Esc</span> to cancel.
          </p>
        ) : null}
        {running ? (
          <p role="status" className="border-b border-slate-200 px-4 py-2 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-300">
            {running}
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="border-b border-rose-200 bg-rose-50 px-4 py-2 text-sm break-words text-rose-900 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-100">
            {error}
          </p>
        ) : null}
        <ul id="palette-results" ref={list} role="listbox" aria-label="Results" className="max-h-[50vh] overflow-auto py-1">
          {results.map(({ item, match }, index) => {
            const heading = item.group !== previousGroup ? item.group : undefined;
            previousGroup = item.group;
            return (
              <li key={item.key} role="presentation">
                {heading ? <p className="px-4 pt-2 pb-1 text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{heading}</p> : null}
                <div
                  id={`palette-item-${index}`}
                  data-index={index}
                  role="option"
                  aria-selected={index === current}
                  onMouseMove={() => setActive(index)}
                  onClick={() => void choose(item)}
                  className={`mx-1 flex cursor-pointer items-baseline gap-2 rounded-md px-3 py-1.5 text-sm ${index === current ? 'bg-cyan-600/15 text-cyan-900 dark:text-cyan-100' : ''}`}
                >
                  <span className="truncate">
                    <Highlighted text={item.label} match={match} />
                  </span>
                  {item.detail ? <span className="truncate text-xs text-slate-500 dark:text-slate-400">{item.detail}</span> : null}
                  {item.action.kind === 'select' ? <span className="ml-auto text-xs text-slate-400">actions ›</span> : null}
                </div>
              </li>
            );
          })}
        </ul>
        {!results.length ? <p className="px-4 py-6 text-center text-sm text-slate-500 dark:text-slate-400">{loading ? 'Loading…' : 'Nothing matches.'}</p> : null}
        <p className="flex flex-wrap gap-x-4 border-t border-slate-200 px-4 py-2 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
          <span>↑↓ move</span>
          <span>Enter {selected ? 'run' : 'open'}</span>
          <span>Esc {selected ? 'back' : 'close'}</span>
          {failed.length ? <span>Could not read {failed.join(', ')}.</span> : null}
        </p>
      </div>
    </dialog>
  );
}
