import { createClient, type ApiClient } from '../../common/client';
import type { Contract } from '../../common/contract';
import type { ResponseMessage } from '../../common/protocol';
import type { Router } from '../api/router';

/**
 * A typed client of the contract for the main process's own consumers (tray, notifications): the same router,
 * validation and streams as a window's, with no transport in between.
 */
export function inProcessClient(router: Router): { client: ApiClient<Contract>; close(): void } {
  const listeners = new Set<(message: ResponseMessage) => void>();
  const connection = router.connect((message) => {
    for (const listener of listeners) listener(message);
  });
  const client = createClient<Contract>({
    send: (message) => connection.receive(message),
    onMessage: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return { client, close: () => connection.close() };
}
