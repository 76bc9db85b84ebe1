import { ApiError } from '../../../common/errors';
import { toApiError } from '../../api/errors';

/** Adds what Berth was doing to the engine's own words, keeping its code (a 409 stays a conflict). */
export function explain(doing: string, err: unknown): ApiError {
  const error = toApiError(err);
  if (error.code === 'engine-unreachable') return error;
  if (notInSwarm(err)) return new ApiError('conflict', `${doing}: this engine is not a swarm manager. Initialise a single-node swarm on the Engine page first.`);
  if (error.message.startsWith(`${doing}:`)) return error;
  return new ApiError(error.code, `${doing}: ${error.message.replace(/^\(HTTP code \d+\)\s*/, '')}`);
}

export function notInSwarm(err: unknown): boolean {
  const error = toApiError(err);
  return /not a swarm manager|not part of a swarm/i.test(error.message);
}
