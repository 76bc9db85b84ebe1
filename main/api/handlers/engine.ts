import type { EngineConnection } from '../../engine/connection';
import type { EngineControl } from '../../engine/engine-control';
import { followFile, tailLines } from '../../engine/log-file';
import { SystemService } from '../../docker/system/system';
import type { DomainHandlers } from './types';

type EngineMethods =
  | 'engine.status'
  | 'engine.info'
  | 'engine.events'
  | 'engine.discover'
  | 'engine.settings'
  | 'engine.endpoints.add'
  | 'engine.endpoints.update'
  | 'engine.endpoints.remove'
  | 'engine.activate'
  | 'engine.keepRunning'
  | 'engine.managed.status'
  | 'engine.managed.start'
  | 'engine.managed.stop'
  | 'engine.managed.restart'
  | 'engine.managed.log';

export function engineHandlers(engine: EngineConnection, control: EngineControl): DomainHandlers<EngineMethods> {
  const system = new SystemService(engine);
  const { managed } = control;
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
    'engine.discover': () => control.discover(),
    'engine.settings': () => control.view(),
    'engine.endpoints.add': (input) => control.addEndpoint(input),
    'engine.endpoints.update': ({ id, endpoint }) => control.updateEndpoint(id, endpoint),
    'engine.endpoints.remove': ({ id }) => control.removeEndpoint(id),
    'engine.activate': (choice) => control.activate(choice),
    'engine.keepRunning': ({ keepRunning }) => control.setKeepRunning(keepRunning),
    'engine.managed.status': (_input, emit) => {
      emit(managed.status);
      return managed.onStatus(emit);
    },
    'engine.managed.start': () => managed.start(),
    'engine.managed.stop': () => managed.stop(),
    'engine.managed.restart': () => managed.restart(),
    'engine.managed.log': async ({ tailLines: count }, emit, { signal }) => {
      const { lines, size } = await tailLines(managed.paths.logFile, count);
      if (signal.aborted) return;
      emit({ lines, initial: true });
      return followFile(managed.paths.logFile, size, (more) => emit({ lines: more, initial: false }));
    },
  };
}
