import { useSyncExternalStore } from 'react';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The current route from the URL hash (`#/containers` → `containers`), so reloads and links keep the page. */
export function useHashRoute(fallback: string): string {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return hash.replace(/^#\/?/, '') || fallback;
}
