import { DisposableStore } from '../../../common/lifecycle';
import type { EngineConnection } from '../../engine/connection';
import { StatsService } from '../../docker/stats/stats';
import { StatsHub } from '../../docker/stats/stats-hub';
import { openStatsSubscription } from '../../docker/stats/stats-subscription';
import type { DomainHandlers } from './types';

/** `disposables` receives the hub, the sampler's sockets and the switch listener; the backend disposes it on stop. */
export function statsHandlers(engine: EngineConnection, disposables = new DisposableStore()): DomainHandlers<'stats.watch'> {
  const stats = new StatsService(engine);
  // One hub per backend: every subscriber of a container shares its source and history.
  const hub = new StatsHub({ fetch: (id) => stats.sample(id), onEngineEvent: (listener) => engine.onEvent(listener) });
  // Sources and history belong to one engine.
  const release = () => {
    hub.dispose();
    stats.close();
  };
  // The unsubscribe was dropped before: each backend left a switch listener on the engine connection.
  disposables.addCleanup(engine.onSwitch(release));
  disposables.addCleanup(release);
  return {
    'stats.watch': (input, emit, { end }) =>
      openStatsSubscription(
        {
          hub,
          resolveId: (idOrName) => stats.resolveId(idOrName),
          runningIds: () => stats.runningIds(),
          onEngineEvent: (listener) => engine.onEvent(listener),
          onEngineStatus: (listener) => engine.onStatus(listener),
          onEngineSwitch: (listener) => engine.onSwitch(listener),
        },
        input,
        emit,
        end,
      ),
  };
}
