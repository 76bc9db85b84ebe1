import type { Contract } from '../../common/contract';
import { ContainerService } from '../docker/containers';
import { ResourceService } from '../docker/resources';
import { SystemService } from '../docker/system';
import type { EngineConnection } from '../engine/connection';
import type { Handlers } from './router';

/** Binds every call and stream of the contract to the services of one engine connection. */
export function createHandlers(engine: EngineConnection): Handlers<Contract> {
  const containers = new ContainerService(engine.docker);
  const system = new SystemService(engine.docker);
  const resources = new ResourceService(engine.docker);

  return {
    'engine.status': (_input, emit) => {
      emit(engine.status);
      return engine.onStatus(emit);
    },
    'engine.info': () => system.info(),
    'engine.events': ({ types }, emit) => {
      const wanted = types ? new Set<string>(types) : undefined;
      return engine.onEvent((event) => {
        if (!wanted || wanted.has(event.type)) emit(event);
      });
    },
    'containers.list': ({ ids }) => containers.list(ids),
    'images.list': () => resources.images(),
    'volumes.list': () => resources.volumes(),
    'networks.list': () => resources.networks(),
  };
}
