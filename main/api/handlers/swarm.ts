import type { EngineConnection } from '../../engine/connection';
import { SwarmService } from '../../docker/swarm/swarm';
import type { DomainHandlers } from './types';

type SwarmCalls =
  | 'swarm.state'
  | 'swarm.addresses'
  | 'swarm.init'
  | 'swarm.leave'
  | 'swarm.services.list'
  | 'swarm.services.inspect'
  | 'swarm.services.create'
  | 'swarm.services.update'
  | 'swarm.services.scale'
  | 'swarm.services.rollback'
  | 'swarm.services.redeploy'
  | 'swarm.services.remove'
  | 'swarm.nodes.list'
  | 'swarm.nodes.update'
  | 'swarm.secrets.list'
  | 'swarm.secrets.create'
  | 'swarm.secrets.remove'
  | 'swarm.configs.list'
  | 'swarm.configs.create'
  | 'swarm.configs.remove';

export function swarmHandlers(engine: EngineConnection): DomainHandlers<SwarmCalls> {
  const swarm = new SwarmService(engine);
  return {
    'swarm.state': () => swarm.state(),
    'swarm.addresses': () => swarm.addresses(),
    'swarm.init': ({ advertiseAddress, listenPort, dataPathPort }) => swarm.init(advertiseAddress, { listenPort, dataPathPort }),
    'swarm.leave': ({ force }) => swarm.leave(force),
    'swarm.services.list': () => swarm.listServices(),
    'swarm.services.inspect': ({ id }) => swarm.inspect(id),
    'swarm.services.create': (input) => swarm.create(input),
    'swarm.services.update': ({ id, input }) => swarm.update(id, input),
    'swarm.services.scale': ({ id, replicas }) => swarm.scale(id, replicas),
    'swarm.services.rollback': ({ id }) => swarm.rollback(id),
    'swarm.services.redeploy': ({ id }) => swarm.redeploy(id),
    'swarm.services.remove': ({ id }) => swarm.remove(id),
    'swarm.nodes.list': () => swarm.listNodes(),
    'swarm.nodes.update': ({ id, availability, labels }) => swarm.updateNode(id, availability, labels),
    'swarm.secrets.list': () => swarm.listSecrets(),
    'swarm.secrets.create': ({ name, dataBase64, labels }) => swarm.createSecret(name, dataBase64, labels),
    'swarm.secrets.remove': ({ id }) => swarm.removeSecret(id),
    'swarm.configs.list': () => swarm.listConfigs(),
    'swarm.configs.create': ({ name, dataBase64, labels }) => swarm.createConfig(name, dataBase64, labels),
    'swarm.configs.remove': ({ id }) => swarm.removeConfig(id),
  };
}
