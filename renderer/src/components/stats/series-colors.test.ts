import { describe, expect, it } from 'vitest';
import { SERIES_COLORS } from './palette';
import { SeriesColors } from './series-colors';

describe('SeriesColors', () => {
  it('gives a container one colour whatever its rank in each chart', () => {
    const colors = new SeriesColors();
    // CPU ranks a, b, c; memory ranks c, a, b: the union is coloured once.
    const colorOf = colors.colorsFor(['a', 'b', 'c', 'c', 'a', 'b']);
    expect(new Set(['a', 'b', 'c'].map(colorOf)).size).toBe(3);
    const again = colors.colorsFor(['c', 'b', 'a']);
    expect(['a', 'b', 'c'].map(again)).toEqual(['a', 'b', 'c'].map(colorOf));
  });

  it('keeps the colours of containers that stay when others leave, and reuses a freed one', () => {
    const colors = new SeriesColors();
    const first = colors.colorsFor(['a', 'b', 'c']);
    const bColor = first('b');
    const second = colors.colorsFor(['b', 'd']);
    expect(second('b')).toBe(bColor);
    expect(second('d')).not.toBe(bColor);
    expect(SERIES_COLORS).toContain(second('d'));
  });
});
