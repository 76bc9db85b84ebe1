import type { LayerProgress, TransferEvent } from '../../../common/contract/images';
import { ApiError, type ApiErrorCode } from '../../../common/errors';
import { toApiError } from '../../api/errors';

/** One JSON message of the engine's pull, push or load progress stream. */
export interface RawProgressEvent {
  id?: string;
  status?: string;
  stream?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
  aux?: { Digest?: string; Tag?: string };
}

/**
 * The error an event carries, if any. The engine reports many failures (manifest unknown, unauthorized, no space)
 * inside a stream that started with 200, so every event must be checked; dockerode's followProgress does not.
 */
export function progressError(event: RawProgressEvent): ApiError | undefined {
  const message = event.errorDetail?.message ?? event.error;
  if (!message) return undefined;
  return new ApiError(errorCodeFor(message), humanize(message));
}

/** A pull or push the engine refused before streaming (HTTP 404/500), classified like an in-stream error. */
export function transferStartError(err: unknown): ApiError {
  const apiError = toApiError(err);
  if (apiError.code === 'engine-unreachable') return apiError;
  const code = errorCodeFor(apiError.message);
  return new ApiError(code === 'internal' ? apiError.code : code, humanize(apiError.message));
}

function errorCodeFor(message: string): ApiErrorCode {
  if (/unauthorized|authentication required|denied|forbidden|no basic auth credentials/i.test(message)) return 'forbidden';
  if (/not found|manifest unknown|does not exist|no such/i.test(message)) return 'not-found';
  return 'internal';
}

function humanize(message: string): string {
  if (/manifest unknown|manifest for .* not found/i.test(message)) return `The registry has no such tag (${message}).`;
  if (/unauthorized|authentication required|no basic auth credentials/i.test(message)) return `The registry wants you to log in first (${message}).`;
  if (/denied/i.test(message)) return `The registry refused access (${message}). Log in with an account that may use this repository.`;
  return message;
}

interface LayerState extends LayerProgress {
  /** Largest byte total seen, used to weigh the layer in the overall bar. */
  weight: number;
}

const DONE_STATUSES = /^(Pull complete|Already exists|Pushed|Layer already exists|Mounted from|Loading layer.*done)/i;
const DOWNLOADED = /^(Verifying Checksum|Download complete)/i;
const NOT_A_LAYER = /^(Pulling from|Digest:|Status:|The push refers to|Loaded image)/i;

function layerFraction(status: string, current: number | undefined, total: number | undefined, previous: number): number {
  const part = current !== undefined && total ? Math.min(1, current / total) : undefined;
  if (DONE_STATUSES.test(status)) return 1;
  if (DOWNLOADED.test(status)) return 0.5;
  if (/^Downloading/i.test(status)) return part !== undefined ? part / 2 : previous;
  if (/^Extracting/i.test(status)) return part !== undefined ? 0.5 + part / 2 : Math.max(previous, 0.5);
  if (/^(Pushing|Loading layer)/i.test(status)) return part ?? previous;
  return previous;
}

/** Folds the engine's progress messages into per-layer and overall progress. */
export class TransferTracker {
  private readonly layers = new Map<string, LayerState>();
  private status = '';
  private digest?: string;

  /** Applies one event; throws the error it carries. */
  apply(event: RawProgressEvent): void {
    const error = progressError(event);
    if (error) throw error;
    if (event.aux?.Digest) this.digest = event.aux.Digest;
    const status = (event.status ?? event.stream ?? '').trim();
    const digestMatch = /digest: (sha256:[0-9a-f]{64})/i.exec(status);
    if (digestMatch) this.digest = digestMatch[1];
    if (!status) return;
    if (!event.id || NOT_A_LAYER.test(status)) {
      this.status = status;
      return;
    }
    const previous = this.layers.get(event.id);
    const { current, total } = event.progressDetail ?? {};
    const fraction = layerFraction(status, current, total, previous?.fraction ?? 0);
    this.layers.set(event.id, {
      id: event.id,
      status,
      ...(current !== undefined ? { current } : {}),
      ...(total ? { total } : {}),
      fraction: Math.max(previous?.fraction ?? 0, fraction),
      weight: Math.max(previous?.weight ?? 0, total ?? 0),
    });
  }

  snapshot(kind: TransferEvent['kind'] = 'progress'): TransferEvent {
    const layers = [...this.layers.values()];
    // Layers whose size is not known yet count as the average known size, so the bar does not jump.
    const known = layers.filter((layer) => layer.weight > 0);
    const fallback = known.length ? known.reduce((sum, layer) => sum + layer.weight, 0) / known.length : 1;
    const weights = layers.map((layer) => (layer.weight > 0 ? layer.weight : fallback));
    const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
    const overall = kind === 'done' ? 1 : totalWeight ? layers.reduce((sum, layer, index) => sum + layer.fraction * weights[index]!, 0) / totalWeight : 0;
    return {
      kind,
      layers: layers.map(({ weight: _weight, ...layer }) => (kind === 'done' ? { ...layer, fraction: 1 } : layer)),
      overall,
      status: this.status,
      ...(this.digest ? { digest: this.digest } : {}),
    };
  }
}
