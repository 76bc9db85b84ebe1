import { useCallback, useEffect, useState } from 'react';
import type { PruneStep, SystemPrunePreview, SystemPruneResult } from '../../../../common/contract';
import type { ApiError } from '../../../../common/errors';
import { api } from '../../api/client';

export interface PruneStepState {
  preview: SystemPrunePreview | undefined;
  result: SystemPruneResult | undefined;
  error: ApiError | undefined;
  busy: boolean;
  /** Deletes exactly the previewed candidates. */
  confirm(): Promise<void>;
}

/** One prune step: loads its preview, then on confirm removes exactly those candidates and keeps the result. */
export function usePruneStep(step: PruneStep, includeTaggedImages = false): PruneStepState {
  const [preview, setPreview] = useState<SystemPrunePreview>();
  const [result, setResult] = useState<SystemPruneResult>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(true);

  useEffect(() => {
    let live = true;
    setBusy(true);
    setResult(undefined);
    setError(undefined);
    api.call('system.prunePreview', { step, includeTaggedImages }).then(
      (value) => {
        if (!live) return;
        setPreview(value);
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

  const confirm = useCallback(async () => {
    if (!preview) return;
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api.call('system.prune', { step, ids: preview.candidates.map((candidate) => candidate.id) }));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }, [preview, step]);

  return { preview, result, error, busy, confirm };
}
