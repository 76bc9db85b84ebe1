import type { EngineConnection } from '../../engine/connection';
import { LogService } from '../../docker/logs/logs';
import type { DomainHandlers } from './types';

export function logsHandlers(engine: EngineConnection): DomainHandlers<'logs.container' | 'logs.project' | 'logs.swarmService' | 'logs.ack'> {
  const logs = new LogService(engine);
  return {
    'logs.container': ({ containerId, ...range }, emit, { end }) => logs.openContainer(containerId, range, { emit, end }),
    'logs.project': ({ project, ...range }, emit, { end }) => logs.openProject(project, range, { emit, end }),
    'logs.swarmService': ({ service, ...range }, emit, { end }) => logs.openSwarmService(service, range, { emit, end }),
    'logs.ack': ({ session, seq }) => logs.ack(session, seq),
  };
}
