import { ApiError, type ApiErrorCode } from '../../common/errors';

/** Why a connection to the engine failed, in words, by the system's error code. */
const UNREACHABLE_REASONS: Record<string, string> = {
  ENOENT: 'there is no socket at that path',
  ECONNREFUSED: 'nothing is listening there',
  ECONNRESET: 'the connection was cut',
  EPIPE: 'the connection was cut',
  EHOSTUNREACH: 'the host cannot be reached',
  ETIMEDOUT: 'it did not answer in time',
  ENOTFOUND: 'the host name is unknown',
  EACCES: 'Berth is not allowed to open its socket',
};

interface EngineErrorLike {
  statusCode?: number;
  code?: string;
  reason?: string;
  message?: string;
  json?: { message?: string } | null;
}

function statusToCode(status: number): ApiErrorCode {
  if (status === 400) return 'invalid-input';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  return 'internal';
}

/** The engine's own sentence, without dockerode's "(HTTP code 409) unexpected -" wrapping. */
function engineMessage(err: EngineErrorLike): string {
  const fromJson = err.json && typeof err.json === 'object' ? err.json.message : undefined;
  const text = fromJson ?? err.message ?? String(err);
  return text.replace(/^\(HTTP code \d+\)\s*[\w ]*-\s*/, '').trim();
}

/** Turns anything thrown by a service into a typed error a person can read. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err && typeof err === 'object') {
    const e = err as EngineErrorLike;
    if (typeof e.statusCode === 'number') {
      return new ApiError(statusToCode(e.statusCode), engineMessage(e) || `The engine answered ${e.statusCode}.`);
    }
    const reason = e.code ? UNREACHABLE_REASONS[e.code] : undefined;
    if (reason) {
      return new ApiError('engine-unreachable', `The container engine cannot be reached: ${reason} (${e.code}).`);
    }
    if (/socket hang up|connect E|Engine is not reachable/i.test(e.message ?? '')) {
      return new ApiError('engine-unreachable', 'The container engine cannot be reached.');
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('internal', message || 'Something went wrong inside Berth.');
}
