import { describe, expect, it } from 'vitest';
import type { VmFailure } from '../../../common/contract/vm';
import { ALLOWED, transition, type VmEvent, type VmState, type VmStateKind } from './vm-state';

const failure: VmFailure = { step: 'boot', message: 'the guest said: failed dockerd: no', command: 'qemu-system-x86_64 …', logTail: ['x'] };

/** One example of every state and every event; the test crosses them all. */
const states: Record<VmStateKind, VmState> = {
  stopped: { kind: 'stopped' },
  starting: { kind: 'starting', step: 'boot' },
  running: { kind: 'running', pid: 42 },
  stopping: { kind: 'stopping' },
  failed: { kind: 'failed', error: failure },
};

const events: VmEvent[] = [
  { type: 'start' },
  { type: 'step', step: 'engine' },
  { type: 'ready', pid: 7 },
  { type: 'stop' },
  { type: 'stopped', reason: 'killed after 30 s' },
  { type: 'crashed', reason: 'QEMU was killed by SIGKILL', retryInMs: 1500 },
  { type: 'fail', error: failure },
];

/** The expected outcome of every (state, event) pair: the next state, or `undefined` for a refused move. */
const expected: Record<VmStateKind, Record<VmEvent['type'], VmState | undefined>> = {
  stopped: {
    start: { kind: 'starting', step: 'prepare' },
    step: undefined,
    ready: undefined,
    stop: states.stopped,
    stopped: undefined,
    crashed: undefined,
    fail: undefined,
  },
  starting: {
    start: undefined,
    step: { kind: 'starting', step: 'engine' },
    ready: { kind: 'running', pid: 7 },
    stop: { kind: 'stopping' },
    stopped: { kind: 'stopped', reason: 'killed after 30 s' },
    crashed: { kind: 'starting', step: 'restart-wait', reason: 'QEMU was killed by SIGKILL; restarting in 1.5 s.' },
    fail: { kind: 'failed', error: failure },
  },
  running: {
    start: undefined,
    step: undefined,
    ready: undefined,
    stop: { kind: 'stopping' },
    stopped: undefined,
    crashed: { kind: 'starting', step: 'restart-wait', reason: 'QEMU was killed by SIGKILL; restarting in 1.5 s.' },
    fail: { kind: 'failed', error: failure },
  },
  stopping: {
    start: undefined,
    step: undefined,
    ready: undefined,
    stop: states.stopping,
    stopped: { kind: 'stopped', reason: 'killed after 30 s' },
    crashed: undefined,
    fail: { kind: 'failed', error: failure },
  },
  failed: {
    start: { kind: 'starting', step: 'prepare' },
    step: undefined,
    ready: undefined,
    stop: states.failed,
    stopped: undefined,
    crashed: undefined,
    fail: undefined,
  },
};

describe('VM state transitions', () => {
  for (const [kind, state] of Object.entries(states) as [VmStateKind, VmState][]) {
    for (const event of events) {
      it(`${kind} + ${event.type}`, () => {
        expect(transition(state, event)).toEqual(expected[kind][event.type]);
      });
    }
  }

  it('the table and the expectations agree on which moves are allowed', () => {
    for (const kind of Object.keys(states) as VmStateKind[]) {
      const allowed = events.filter((event) => expected[kind][event.type] !== undefined).map((event) => event.type);
      expect([...ALLOWED[kind]].sort()).toEqual(allowed.sort());
    }
  });

  it('a crash names the delay with one decimal, even when it is zero', () => {
    const next = transition(states.running, { type: 'crashed', reason: 'r', retryInMs: 0 });
    expect(next).toEqual({ kind: 'starting', step: 'restart-wait', reason: 'r; restarting in 0.0 s.' });
  });
});
