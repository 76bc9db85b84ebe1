import type { StreamHandlers, Subscription } from './client';
import type { ApiErrorShape } from './errors';

/**
 * What the preload script exposes as `window.berth`. Untyped by name at this seam (the bridge copies values);
 * the renderer wraps it back into the typed `ApiClient`. Rejections are plain `ApiErrorShape` objects.
 */
export interface BridgeApi {
  call(method: string, input: unknown): Promise<unknown>;
  subscribe(stream: string, input: unknown, handlers: StreamHandlers<unknown> & { onEnd?(error?: ApiErrorShape): void }): Subscription;
}
