import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../common/errors';
import type { ImageOperationOutcome } from '../../notifications/operation-rules';
import { expectingEngineStop, reported } from './notifications';

describe('reported', () => {
  it('tells how a pull ended, keeps its result, and says nothing about one the user cancelled', async () => {
    const outcomes: ImageOperationOutcome[] = [];
    const report = (outcome: ImageOperationOutcome) => outcomes.push(outcome);
    await reported('pull', 'alpine:3', () => Promise.resolve(), report)(new AbortController().signal);
    const failing = reported('push', 'r/x:1', () => Promise.reject(new ApiError('forbidden', 'denied: requested access to the resource is denied')), report);
    await expect(failing(new AbortController().signal)).rejects.toThrow('denied');
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(reported('build', '/src', () => Promise.reject(new Error('aborted')), report)(cancelled.signal)).rejects.toThrow('aborted');
    expect(outcomes).toEqual([
      { operation: 'pull', subject: 'alpine:3', ok: true },
      { operation: 'push', subject: 'r/x:1', ok: false, error: 'denied: requested access to the resource is denied' },
    ]);
  });
});

describe('expectingEngineStop', () => {
  it('tells the center before a stop or restart the user asked for, and leaves other calls alone', () => {
    const center = { expectEngineStop: vi.fn() };
    const stop = vi.fn(() => 'stopped');
    const info = vi.fn(() => 'info');
    const handlers = expectingEngineStop({ 'engine.managed.stop': stop, 'engine.info': info }, center as never);
    expect(handlers['engine.info']()).toBe('info');
    expect(center.expectEngineStop).not.toHaveBeenCalled();
    expect(handlers['engine.managed.stop']()).toBe('stopped');
    expect(center.expectEngineStop).toHaveBeenCalledOnce();
  });
});
