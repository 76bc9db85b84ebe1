import type { EngineConnection } from '../../engine/connection';
import { SystemService } from '../../docker/system';
import type { DomainHandlers } from './types';

export function engineHandlers(engine: EngineConnection): DomainHandlers<'engine.status' | 'engine.info' | 'engine.events'> {
  const system = new SystemService(engine);
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
  };
}
