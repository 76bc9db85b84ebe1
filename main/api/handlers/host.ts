import type { HostCommand, HostInfo, PickPathInput, PickPathResult } from '../../../common/contract/host';
import type { DomainHandlers } from './types';

type HostMethods = 'host.info' | 'dialog.pickPath' | 'host.commands';

/** What only the host shell knows or does; browser mode leaves the optional parts out. */
export interface HostSignals {
  shell?: HostInfo['shell'];
  /** Whether the computer is saving power (Electron's powerMonitor): scheduled image update checks wait. */
  savingPower?: () => boolean;
  /** Opens a native picker (Electron's dialog). */
  pickPath?: (input: PickPathInput) => Promise<PickPathResult>;
  /** Delivers the menu's and tray's commands to the page; returns the unsubscribe. */
  onCommand?: (listener: (command: HostCommand) => void) => () => void;
}

export const PICKERS_UNAVAILABLE = 'Native file pickers exist only in the desktop app; type the path instead.';

export function hostHandlers(host: HostSignals, platform: string = process.platform): DomainHandlers<HostMethods> {
  return {
    'host.info': () => ({ shell: host.shell ?? 'browser', platform, pickers: Boolean(host.pickPath) }),
    'dialog.pickPath': (input) => (host.pickPath ? host.pickPath(input) : { status: 'unavailable', reason: PICKERS_UNAVAILABLE }),
    'host.commands': (_input, emit) => host.onCommand?.(emit),
  };
}
