import { describe, expect, it } from 'vitest';
import { ApiError } from '../../common/errors';
import { toApiError } from './errors';

describe('toApiError', () => {
  it('keeps ApiErrors as they are', () => {
    const error = new ApiError('forbidden', 'no');
    expect(toApiError(error)).toBe(error);
  });

  it.each([
    [400, 'invalid-input'],
    [401, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [500, 'internal'],
  ])('maps engine status %i to %s with the engine message', (statusCode, code) => {
    const error = toApiError(Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - something`), { statusCode, json: { message: 'the engine says why' } }));
    expect(error).toMatchObject({ code, message: 'the engine says why' });
  });

  it('strips dockerode wrapping when the engine sent no JSON', () => {
    expect(toApiError(Object.assign(new Error('(HTTP code 409) conflict - name in use'), { statusCode: 409, json: null })).message).toBe('name in use');
  });

  it('recognises an unreachable engine', () => {
    expect(toApiError(Object.assign(new Error('connect ENOENT /x.sock'), { code: 'ENOENT' })).code).toBe('engine-unreachable');
    expect(toApiError(new Error('socket hang up')).code).toBe('engine-unreachable');
  });

  it('turns anything else into internal', () => {
    expect(toApiError('weird')).toMatchObject({ code: 'internal', message: 'weird' });
  });
});
