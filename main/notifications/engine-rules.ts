import type { EngineStatus } from '../../common/contract/engine';
import type { NotificationCandidate } from '../../common/notifications/notification';

/**
 * The engine stopped unexpectedly: it was connected and became unreachable on the same endpoint, while no stop or
 * switch was asked for (`expected`). A switch passes through `connecting`, so it never looks like a loss.
 */
export class EngineStatusRule {
  private previous: EngineStatus | undefined;

  onStatus(status: EngineStatus, expected: boolean): NotificationCandidate | undefined {
    const previous = this.previous;
    this.previous = status;
    if (!previous || previous.state !== 'connected' || status.state !== 'unreachable') return undefined;
    if (expected || previous.endpoint !== status.endpoint) return undefined;
    const name = status.name ?? status.endpoint;
    return {
      kind: 'engineStopped',
      key: `engineStopped:${status.endpoint}`,
      level: 'error',
      title: 'The engine stopped',
      body: `${name} is not reachable${status.error ? `: ${status.error}` : '.'}`,
      route: 'engine',
    };
  }
}
