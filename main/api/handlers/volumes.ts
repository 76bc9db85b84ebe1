import type { EngineConnection } from '../../engine/connection';
import { VolumeService } from '../../docker/volumes';
import type { DomainHandlers } from './types';

export function volumesHandlers(engine: EngineConnection): DomainHandlers<'volumes.list'> {
  const service = new VolumeService(engine);
  return {
    'volumes.list': () => service.list(),
  };
}
