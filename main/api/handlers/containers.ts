import type { EngineConnection } from '../../engine/connection';
import { ContainerService } from '../../docker/containers';
import type { DomainHandlers } from './types';

export function containerHandlers(engine: EngineConnection): DomainHandlers<'containers.list'> {
  const containers = new ContainerService(engine);
  return {
    'containers.list': ({ ids }) => containers.list(ids),
  };
}
