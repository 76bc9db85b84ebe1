import type { EngineConnection } from '../../engine/connection';
import { ResourceService } from '../../docker/resources';
import type { DomainHandlers } from './types';

export function resourceHandlers(engine: EngineConnection): DomainHandlers<'images.list' | 'volumes.list' | 'networks.list'> {
  const resources = new ResourceService(engine);
  return {
    'images.list': () => resources.images(),
    'volumes.list': () => resources.volumes(),
    'networks.list': () => resources.networks(),
  };
}
