import { Component, type ReactNode } from 'react';
import { buttonClass } from '../Modal';

/** A page's script that failed to arrive (the browser keeps that failure until the page is loaded again). */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported/i.test(message);
}

const RELOADED_KEY = 'berth.reloadedForChunk';
/** One automatic reload per this long: a second failure soon after is shown, not reloaded in a loop. */
const RELOAD_GUARD_MS = 30_000;

/**
 * Reloads once when a page's script failed to arrive, as when Chromium aborts loads with ERR_NETWORK_CHANGED because
 * the engine just added a network interface; the browser caches a failed module import, so only a reload retries it.
 */
export function reloadOnceForChunk(storage: Pick<Storage, 'getItem' | 'setItem'> = sessionStorage, reload = () => location.reload(), now = Date.now()): boolean {
  const last = Number(storage.getItem(RELOADED_KEY) ?? 0);
  if (now - last < RELOAD_GUARD_MS) return false;
  storage.setItem(RELOADED_KEY, String(now));
  reload();
  return true;
}

/**
 * Keeps a page's failure inside the page: the sidebar and banner stay, the error is said in words with a way to
 * try again, instead of React unmounting the whole window. Going to another route clears it (without remounting
 * a page that works when only its route's tail changes).
 */
export class PageErrorBoundary extends Component<{ route: string; children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {};

  override componentDidUpdate(previous: { route: string }): void {
    if (this.state.error !== undefined && previous.route !== this.props.route) this.setState({ error: undefined });
  }

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidCatch(error: unknown): void {
    if (isChunkLoadError(error)) reloadOnceForChunk();
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const chunk = isChunkLoadError(error);
    return (
      <div role="alert" className="m-6 space-y-3 rounded-md border border-rose-300 bg-rose-50 p-4 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
        <p className="font-semibold">{chunk ? 'This page could not be loaded.' : 'This page stopped working.'}</p>
        <p>
          {chunk
            ? 'Its script did not arrive (the connection to Berth was interrupted, for example while the engine changed its networks). Reloading fetches it again.'
            : `It failed with: ${error instanceof Error ? error.message : String(error)}. The rest of Berth still works.`}
        </p>
        <button type="button" className={buttonClass} onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
