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

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A route's segments (`volumes/my%20data/files` → `volumes`, `my data`, `files`), each decoded once here so pages
 * see names as their links had them before encoding; a malformed escape (typed by hand) stays as typed.
 */
export function routeSegments(route: string): string[] {
  return route.split('/').map(decodeSegment);
}
