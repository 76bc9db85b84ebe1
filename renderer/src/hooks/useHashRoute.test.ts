import { describe, expect, it } from 'vitest';
import { routeSegments } from './useHashRoute';

describe('routeSegments', () => {
  it('splits before decoding, so an encoded slash stays inside its segment', () => {
    expect(routeSegments('volumes/my%20data/files/a%2Fb')).toEqual(['volumes', 'my data', 'files', 'a/b']);
  });

  it('keeps a malformed escape as typed instead of throwing', () => {
    expect(routeSegments('networks/50%/inspect')).toEqual(['networks', '50%', 'inspect']);
  });
});
