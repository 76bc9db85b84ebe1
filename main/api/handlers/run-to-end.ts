import type { StreamContext } from '../router';

/**
 * Runs a long operation as a stream: it ends the stream when done, with the error if it failed. A failure after the
 * stream was aborted (the subscriber left) is not reported: that stream is gone already.
 */
export function runToEnd(work: (signal: AbortSignal) => Promise<void>, { signal, end }: StreamContext): void {
  work(signal).then(
    () => end(),
    (err: unknown) => {
      if (!signal.aborted) end(err);
    },
  );
}
