import { describe, expect, it } from 'vitest';
import { sparklineYs } from './sparkline-points';

describe('sparklineYs', () => {
  it('draws a flat series without a ceiling as a line in the middle, not at the top', () => {
    expect(sparklineYs([5e6, 5e6, 5e6], 18)).toEqual([9, 9, 9]);
  });

  it('spreads a changing series between its low and high', () => {
    expect(sparklineYs([10, 20], 18)).toEqual([17, 1]);
  });

  it('draws from zero against a ceiling', () => {
    expect(sparklineYs([0, 5, 20], 18, 10)).toEqual([17, 13, 1]);
  });
});
