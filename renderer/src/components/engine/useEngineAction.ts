import { useCallback, useState } from 'react';
import type { ApiError } from '../../../../common/errors';

/** Runs one user action at a time and keeps its error for display; returns whether it succeeded. */
export function useEngineAction() {
  const [pending, setPending] = useState<string>();
  const [error, setError] = useState<string>();
  const run = useCallback(async (name: string, action: () => Promise<unknown>): Promise<boolean> => {
    setPending(name);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (err) {
      setError((err as ApiError).message);
      return false;
    } finally {
      setPending(undefined);
    }
  }, []);
  return { pending, error, run, clearError: () => setError(undefined) };
}
