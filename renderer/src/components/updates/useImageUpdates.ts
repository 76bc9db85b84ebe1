import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ImageUpdate, UpdatesState } from '../../../../common/contract';
import { api } from '../../api/client';

const REFRESH_MS = 30_000;

export interface ImageUpdates {
  state: UpdatesState | undefined;
  error: string | undefined;
  checking: boolean;
  check(): Promise<void>;
  refresh(): void;
  setInterval(hours: number): Promise<void>;
  /** The entry for a container, by its id. */
  forContainer(id: string): ImageUpdate | undefined;
  /** Entries for an image, by its id. */
  forImage(id: string): ImageUpdate[];
}

/** The update-check state from the main process (which runs the schedule), re-read every half minute while shown. */
export function useImageUpdates(): ImageUpdates {
  const [state, setState] = useState<UpdatesState>();
  const [error, setError] = useState<string>();
  const [checking, setChecking] = useState(false);
  const refresh = useCallback(() => {
    api.call('updates.status', {}).then(setState, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  const check = useCallback(async () => {
    setChecking(true);
    setError(undefined);
    try {
      setState(await api.call('updates.check', {}));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setChecking(false);
    }
  }, []);
  const setIntervalHours = useCallback(async (intervalHours: number) => {
    setState(await api.call('updates.setInterval', { intervalHours }));
  }, []);
  const byContainer = useMemo(() => {
    const map = new Map<string, ImageUpdate>();
    for (const entry of state?.images ?? []) for (const container of entry.containers) map.set(container.id, entry);
    return map;
  }, [state]);
  return {
    state,
    error,
    checking: checking || Boolean(state?.checking),
    check,
    refresh,
    setInterval: setIntervalHours,
    forContainer: (id) => byContainer.get(id),
    forImage: (id) => (state?.images ?? []).filter((entry) => entry.imageId === id),
  };
}
