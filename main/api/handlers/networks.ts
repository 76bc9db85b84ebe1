import type { EngineConnection } from '../../engine/connection';
import { NetworkService } from '../../docker/networks';
import type { DomainHandlers } from './types';

export function networksHandlers(engine: EngineConnection): DomainHandlers<'networks.list'> {
  const service = new NetworkService(engine);
  return {
    'networks.list': () => service.list(),
  };
}
