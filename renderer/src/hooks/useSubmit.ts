import { useState } from 'react';

/**
 * A dialog's submit: runs the work, hands its result to `onDone`, and keeps the engine's message on screen when it
 * fails (the dialog stays open with everything the user typed).
 */
export function useSubmit<T = unknown>(onDone: (value: T) => void = () => undefined) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (work: () => Promise<T>) => {
    setSubmitting(true);
    setError(undefined);
    try {
      onDone(await work());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSubmitting(false);
    }
  };
  return { submitting, error, setError, submit };
}
