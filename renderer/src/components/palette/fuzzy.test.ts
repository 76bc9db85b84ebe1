import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyMatch } from './fuzzy';

describe('fuzzyMatch', () => {
  it('matches characters in order, ignoring case and spaces in the query, and says where', () => {
    expect(fuzzyMatch('ngx', 'my-nginx')?.indices).toEqual([3, 4, 7]);
    expect(fuzzyMatch('N G', 'nginx')?.indices).toEqual([0, 1]);
    expect(fuzzyMatch('xn', 'nginx')).toBeUndefined();
    expect(fuzzyMatch('', 'anything')).toEqual({ score: 0, indices: [] });
  });

  it('prefers the best placement of the first character over the first one found', () => {
    // "a" first occurs inside "data"; the word start of "api" scores higher.
    expect(fuzzyMatch('api', 'data-api')?.indices).toEqual([5, 6, 7]);
  });
});

describe('fuzzyFilter', () => {
  const names = ['Volumes', 'Containers', 'Compose', 'my-web-1', 'web', 'postgres-web-backup'];

  it('ranks a consecutive run and a word start above scattered letters', () => {
    expect(fuzzyFilter('web', names, (n) => n).map(({ item }) => item)).toEqual(['web', 'my-web-1', 'postgres-web-backup']);
    expect(fuzzyFilter('con', names, (n) => n)[0]!.item).toBe('Containers');
    expect(fuzzyFilter('cmp', names, (n) => n).map(({ item }) => item)).toEqual(['Compose']);
  });

  it('keeps the given order for an empty query', () => {
    expect(fuzzyFilter(' ', names, (n) => n).map(({ item }) => item)).toEqual(names);
  });
});
