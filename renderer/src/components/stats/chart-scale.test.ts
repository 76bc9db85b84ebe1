import { describe, expect, it } from 'vitest';
import { niceCeiling, timeTicks, valueTicks } from './chart-scale';

describe('chart scales', () => {
  it('rounds the top of the axis up to a tidy number', () => {
    expect([0, 0.3, 1, 1.05, 11, 105, 23.8, 130_000, 7_000_001].map(niceCeiling)).toEqual([1, 0.3, 1, 1.2, 12, 120, 25, 150_000, 8_000_000]);
  });

  it('spaces value ticks evenly, in whole steps for counts', () => {
    expect(valueTicks(25, false)).toEqual([0, 6.25, 12.5, 18.75, 25]);
    expect(valueTicks(2, true)).toEqual([0, 1, 2]);
    expect(valueTicks(15, true)).toEqual([0, 3, 6, 9, 12, 15]);
    expect(valueTicks(1, true)).toEqual([0, 1]);
  });

  it('puts time ticks on round clock times inside the window', () => {
    expect(timeTicks(1_000, 61_000, 60_000)).toEqual([15_000, 30_000, 45_000, 60_000]);
    expect(timeTicks(0, 300_000, 300_000)).toEqual([0, 60_000, 120_000, 180_000, 240_000, 300_000]);
  });
});
