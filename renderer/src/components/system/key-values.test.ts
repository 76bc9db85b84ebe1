import { describe, expect, it } from 'vitest';
import { parseKeyValues } from './key-values';

describe('parseKeyValues', () => {
  it('reads key=value lines, keeping "=" inside values', () => {
    expect(parseKeyValues('a=1\n\n b = two \nc=x=y')).toEqual({ values: { a: '1', b: 'two', c: 'x=y' } });
    expect(parseKeyValues('empty=')).toEqual({ values: { empty: '' } });
  });

  it('names the line that is wrong', () => {
    expect(parseKeyValues('a=1\nnope').error).toBe('Line 2: write key=value (got "nope").');
    expect(parseKeyValues('=v').error).toMatch(/Line 1/);
    expect(parseKeyValues('a=1\na=2').error).toMatch(/twice/);
  });
});
