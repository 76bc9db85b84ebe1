import { useEffect, useState } from 'react';
import type { SearchGroup } from '../../../../common/contract';
import { api } from '../../api/client';

const DEBOUNCE_MS = 250;

export interface RegistrySearch {
  groups: SearchGroup[];
  /** Registries still to answer. */
  pending: boolean;
  error?: string;
}

/** Searches every registry as the user types; each registry's group appears as soon as it answers. */
export function useRegistrySearch(term: string, registriesVersion: number): RegistrySearch {
  const [state, setState] = useState<RegistrySearch>({ groups: [], pending: true });
  useEffect(() => {
    let subscription: { unsubscribe(): void } | undefined;
    const timer = setTimeout(() => {
      setState((current) => ({ groups: current.groups, pending: true }));
      const groups: SearchGroup[] = [];
      subscription = api.subscribe('registries.search', { term: term.trim() }, {
        onEvent: (group) => {
          groups.push(group);
          setState({ groups: [...groups], pending: true });
        },
        onEnd: (error) => setState({ groups: [...groups], pending: false, ...(error ? { error: error.message } : {}) }),
      });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      subscription?.unsubscribe();
    };
  }, [term, registriesVersion]);
  return state;
}
