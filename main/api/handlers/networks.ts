import type { EngineConnection } from '../../engine/connection';
import { NetworkService } from '../../docker/networks/networks';
import type { DomainHandlers } from './types';

type NetworkCalls =
  | 'networks.list'
  | 'networks.inspect'
  | 'networks.inspectRaw'
  | 'networks.drivers'
  | 'networks.create'
  | 'networks.remove'
  | 'networks.connect'
  | 'networks.disconnect';

export function networksHandlers(engine: EngineConnection): DomainHandlers<NetworkCalls> {
  const service = new NetworkService(engine);
  return {
    'networks.list': () => service.list(),
    'networks.inspect': ({ id }) => service.inspect(id),
    'networks.inspectRaw': ({ id }) => service.inspectRaw(id),
    'networks.drivers': () => service.drivers(),
    'networks.create': (input) => service.create(input),
    'networks.remove': ({ id }) => service.remove(id),
    'networks.connect': ({ id, container, aliases, ipv4Address }) => service.connect(id, container, aliases, ipv4Address),
    'networks.disconnect': ({ id, container, force }) => service.disconnect(id, container, force),
  };
}
