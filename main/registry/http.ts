import { ApiError } from '../../common/errors';
import { plainHttpAnswerMessage } from '../../common/registry-messages';

const REQUEST_TIMEOUT_MS = 10_000;

/** The combined signal for one registry request: the caller's, plus a timeout so a silent host cannot hang a search. */
export function requestSignal(signal?: AbortSignal, timeoutMs = REQUEST_TIMEOUT_MS): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** A network failure as a sentence naming the host, never the credentials or the full URL with its query. */
export function unreachable(host: string, err: unknown): ApiError {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  if ((err as Error)?.name === 'TimeoutError') return new ApiError('internal', `${host} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`);
  if ((err as Error)?.name === 'AbortError') return new ApiError('internal', `The request to ${host} was cancelled.`);
  const reason = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  if (/WRONG_VERSION_NUMBER|wrong version number|packet length too long/i.test(`${reason} ${cause?.message ?? ''}`)) {
    return new ApiError('invalid-input', plainHttpAnswerMessage(host));
  }
  return new ApiError('internal', `Cannot reach ${host} (${reason}).`);
}

/** Parses `Link: <url>; rel="next"` (the URL may be relative) against the URL it came from. */
export function nextLink(header: string | null, base: string): URL | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (match) return new URL(match[1]!, base);
  }
  return undefined;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the order of results. */
export async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
