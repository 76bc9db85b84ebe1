import { useCallback, useEffect, useState } from 'react';
import type { PruneStep, SystemPrunePreview, SystemPruneResult } from '../../../../common/contract';
import type { ApiError } from '../../../../common/errors';
import { api } from '../../api/client';

export interface PruneStepState {
  preview: SystemPrunePreview | undefined;
  result: SystemPruneResult | undefined;
  error: ApiError | undefined;
  busy: boolean;
  /** The candidates the user leaves ticked (all of them at first): on a shared engine some may be kept. */
  chosen: ReadonlySet<string>;
  toggle(id: string): void;
  /** Deletes exactly the chosen candidates. */
  confirm(): Promise<void>;
}

/** One prune step: loads its preview, then on confirm removes exactly those candidates and keeps the result. */
export function usePruneStep(step: PruneStep, includeTaggedImages = false): PruneStepState {
  const [preview, setPreview] = useState<SystemPrunePreview>();
  const [result, setResult] = useState<SystemPruneResult>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(true);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let live = true;
    setBusy(true);
    setResult(undefined);
    setError(undefined);
    api.call('system.prunePreview', { step, includeTaggedImages }).then(
      (value) => {
        if (!live) return;
        setPreview(value);
        setChosen(new Set(value.candidates.map((candidate) => candidate.id)));
        setBusy(false);
      },
      (err: ApiError) => {
        if (!live) return;
        setError(err);
        setBusy(false);
      },
    );
    return () => {
      live = false;
    };
  }, [step, includeTaggedImages]);

  const toggle = useCallback((id: string) => {
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const confirm = useCallback(async () => {
    if (!preview) return;
    setBusy(true);
    setError(undefined);
    try {
      const ids = preview.candidates.filter((candidate) => chosen.has(candidate.id)).map((candidate) => candidate.id);
      setResult(await api.call('system.prune', { step, ids }));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }, [preview, step, chosen]);

  return { preview, result, error, busy, chosen, toggle, confirm };
}
