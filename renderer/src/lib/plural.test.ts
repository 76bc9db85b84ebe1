import { describe, expect, it } from 'vitest';
import { plural, shownOf } from './plural';

describe('plural', () => {
  it('agrees in number', () => {
    expect(plural(1, 'image')).toBe('1 image');
    expect(plural(0, 'image')).toBe('0 images');
    expect(plural(2, 'key')).toBe('2 keys');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(1200, 'entry', 'entries')).toBe('1,200 entries');
  });

  it('says how many of the whole a filter shows', () => {
    expect(shownOf(4, 4, 'container')).toBe('4 containers');
    expect(shownOf(1, 4, 'container')).toBe('1 of 4 containers');
    expect(shownOf(1, 1, 'container')).toBe('1 container');
  });
});
