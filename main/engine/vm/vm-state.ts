import type { VmFailure, VmStep } from '../../../common/contract/vm';

/**
 * The VM's lifecycle as a union: each state carries its own data, and the only way from one to the next is
 * `transition`, a pure function with one row per allowed move. The supervisor is the only caller of `setState`,
 * and it asks `transition` first; a move the table does not allow is a bug, never silently applied.
 */
export type VmState =
  | { kind: 'stopped'; reason?: string }
  | { kind: 'starting'; step: VmStep; reason?: string }
  | { kind: 'running'; pid: number }
  | { kind: 'stopping'; reason?: string }
  | { kind: 'failed'; error: VmFailure };

export type VmEvent =
  /** The user (or Berth's engine choice) asked for the VM. */
  | { type: 'start' }
  /** The next boot step began. */
  | { type: 'step'; step: VmStep }
  /** The guest said `berth-guest: ready` and its engine answered through the forwarded port. */
  | { type: 'ready'; pid: number }
  /** The user asked it to stop (or Berth quits). */
  | { type: 'stop' }
  /** QEMU is gone after a stop (or a start was aborted and cleaned up). */
  | { type: 'stopped'; reason?: string }
  /** QEMU died (or the boot failed) while wanted: a restart follows after `retryInMs`. */
  | { type: 'crashed'; reason: string; retryInMs: number }
  /** A step that must succeed did not, or crashes repeated: Berth gives up and says why. */
  | { type: 'fail'; error: VmFailure };

export type VmStateKind = VmState['kind'];
export type VmEventType = VmEvent['type'];

/** Which event types each state accepts; everything else is refused. The exhaustive test walks this table. */
export const ALLOWED: Record<VmStateKind, readonly VmEventType[]> = {
  stopped: ['start', 'stop'],
  starting: ['step', 'ready', 'stop', 'crashed', 'fail', 'stopped'],
  running: ['stop', 'crashed', 'fail'],
  stopping: ['stopped', 'fail', 'stop'],
  failed: ['start', 'stop'],
};

/** The next state, or undefined when `event` is not allowed in `state`. Pure. */
export function transition(state: VmState, event: VmEvent): VmState | undefined {
  if (!ALLOWED[state.kind].includes(event.type)) return undefined;
  switch (event.type) {
    case 'start':
      return { kind: 'starting', step: 'prepare' };
    case 'step':
      return { kind: 'starting', step: event.step };
    case 'ready':
      return { kind: 'running', pid: event.pid };
    case 'stop':
      // Stopping a stopped or failed VM keeps it where it is (a no-op, not an error): there is nothing to stop.
      if (state.kind === 'stopped' || state.kind === 'failed') return state;
      if (state.kind === 'stopping') return state;
      return { kind: 'stopping' };
    case 'stopped':
      return { kind: 'stopped', ...(event.reason ? { reason: event.reason } : {}) };
    case 'crashed':
      return { kind: 'starting', step: 'restart-wait', reason: `${event.reason}; restarting in ${(event.retryInMs / 1000).toFixed(1)} s.` };
    case 'fail':
      return { kind: 'failed', error: event.error };
  }
}
