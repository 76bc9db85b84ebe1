import type { NotificationCenter } from '../../notifications/notification-center';
import type { ImageOperationOutcome } from '../../notifications/operation-rules';
import { toApiError } from '../errors';
import type { DomainHandlers } from './types';

export function notificationsHandlers(center: NotificationCenter): DomainHandlers<'notifications.watch'> {
  return {
    'notifications.watch': (_input, emit) => {
      const offShow = center.onNotification((notification) => emit({ type: 'show', notification }));
      const offOpen = center.onOpen((route) => emit({ type: 'open', route }));
      return () => {
        offShow();
        offOpen();
      };
    },
  };
}

/** Calls that stop the engine on the user's request: the engine going away right after is expected, not news. */
const ENGINE_STOPPING_CALLS = ['engine.managed.stop', 'engine.managed.restart', 'vm.stop', 'vm.restart', 'vm.delete'];

/** The same handlers, with those that stop the engine telling the center first. */
export function expectingEngineStop<H extends object>(handlers: H, center: NotificationCenter): H {
  const wrapped = { ...handlers } as Record<string, unknown>;
  for (const name of ENGINE_STOPPING_CALLS) {
    const handler = wrapped[name];
    if (typeof handler !== 'function') continue;
    wrapped[name] = (...args: unknown[]) => {
      center.expectEngineStop();
      return (handler as (...a: unknown[]) => unknown)(...args);
    };
  }
  return wrapped as H;
}

/** Runs a pull, push or build and tells `report` how it ended (not when it was cancelled: the user knows). */
export function reported(
  operation: ImageOperationOutcome['operation'],
  subject: string,
  work: (signal: AbortSignal) => Promise<void>,
  report: ((outcome: ImageOperationOutcome) => void) | undefined,
): (signal: AbortSignal) => Promise<void> {
  return (signal) =>
    work(signal).then(
      () => report?.({ operation, subject, ok: true }),
      (err: unknown) => {
        if (!signal.aborted) report?.({ operation, subject, ok: false, error: toApiError(err).message });
        throw err;
      },
    );
}
