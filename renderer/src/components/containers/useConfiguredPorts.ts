import { useEffect, useState } from 'react';
import type { PortBinding } from '../../../../common/contract';
import { api } from '../../api/client';

/** A container's configuration never changes under its id (an edit makes a new container): read once per id. */
const known = new Map<string, PortBinding[]>();
const asked = new Set<string>();

/**
 * The ports the configuration of the given (stopped) containers publishes, read for the rows on screen only.
 * The engine lists ports of running containers alone; without this a stopped web server says it has none.
 */
export function useConfiguredPorts(ids: string[]): ReadonlyMap<string, PortBinding[]> {
  const [, setVersion] = useState(0);
  const key = ids.join(',');
  useEffect(() => {
    const missing = (key ? key.split(',') : []).filter((id) => !asked.has(id)).slice(0, 100);
    if (!missing.length) return;
    for (const id of missing) asked.add(id);
    let live = true;
    api.call('containers.configuredPorts', { ids: missing }).then(
      (ports) => {
        for (const [id, bindings] of Object.entries(ports)) known.set(id, bindings);
        if (live) setVersion((n) => n + 1);
      },
      // Not worth an error on screen: the cell keeps its dash, and the next mount asks again.
      () => {
        for (const id of missing) asked.delete(id);
      },
    );
    return () => {
      live = false;
    };
  }, [key]);
  return known;
}
