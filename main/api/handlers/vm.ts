import { ApiError } from '../../../common/errors';
import type { EngineControl } from '../../engine/engine-control';
import { followFile, tailLines } from '../../engine/log-file';
import type { VmSupervisor } from '../../engine/vm/vm-supervisor';
import type { DomainHandlers } from './types';

type VmMethods =
  | 'vm.status'
  | 'vm.start'
  | 'vm.stop'
  | 'vm.restart'
  | 'vm.delete'
  | 'vm.settings.get'
  | 'vm.settings.set'
  | 'vm.log'
  | 'vm.ports'
  | 'vm.resources';

const RESOURCES_INTERVAL_MS = 2000;

/** Berth's VM: its lifecycle, settings, console log, published-port forwards and host memory (sampled only while watched). */
export function vmHandlers(control: EngineControl): DomainHandlers<VmMethods> {
  const need = (): VmSupervisor => {
    if (!control.vm) throw new ApiError('not-found', "Berth's VM is not part of this build.");
    return control.vm;
  };
  return {
    'vm.status': (_input, emit) => {
      const vm = need();
      emit(vm.status);
      return vm.onStatus(emit);
    },
    'vm.start': () => need().start(),
    'vm.stop': () => need().stop(),
    'vm.restart': () => need().restart(),
    'vm.delete': () => need().delete(),
    'vm.settings.get': () => control.settings.vmSettings,
    'vm.settings.set': (change) => need().updateSettings(change),
    'vm.log': async ({ tailLines: count }, emit, { signal }) => {
      const vm = need();
      const { lines, size } = await tailLines(vm.consoleLog, count);
      if (signal.aborted) return;
      emit({ lines, initial: true });
      return followFile(vm.consoleLog, size, (more) => emit({ lines: more, initial: false }));
    },
    'vm.ports': (_input, emit) => {
      const vm = need();
      emit(vm.ports);
      return vm.onPorts(emit);
    },
    'vm.resources': (_input, emit) => {
      const vm = need();
      let stopped = false;
      const sample = async () => {
        const resources = await vm.resources().catch(() => undefined);
        if (resources && !stopped) emit(resources);
      };
      void sample();
      const timer = setInterval(() => void sample(), RESOURCES_INTERVAL_MS);
      return () => {
        stopped = true;
        clearInterval(timer);
      };
    },
  };
}
