import { describe, expect, it } from 'vitest';
import { unreachableReason } from './engine-unreachable-text';

describe('unreachableReason', () => {
  it('makes one clean sentence of the connection error, without nested brackets or doubled stops', () => {
    expect(unreachableReason('The container engine cannot be reached: there is no socket at that path (ENOENT).')).toBe('There is no socket at that path (ENOENT).');
    expect(unreachableReason('The container engine cannot be reached (ENOENT).')).toBe('(ENOENT).');
    expect(unreachableReason('The engine closed the connection.')).toBe('The engine closed the connection.');
    expect(unreachableReason('The container engine cannot be reached.')).toBe('');
    expect(unreachableReason(undefined)).toBe('');
  });
});
