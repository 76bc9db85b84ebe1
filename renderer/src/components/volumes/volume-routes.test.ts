import { describe, expect, it } from 'vitest';
import { routeSegments } from '../../hooks/useHashRoute';
import { parseVolumeRoute, volumeHref } from './volume-routes';

describe('volume routes', () => {
  it('round-trips a volume, tab and path with awkward file names', () => {
    const href = volumeHref('data', 'files', '/a dir/#hash?/ü.txt');
    expect(href).toBe('#/volumes/data/files/a%20dir/%23hash%3F/%C3%BC.txt');
    const segments = routeSegments(href.replace('#/volumes/', ''));
    expect(parseVolumeRoute(segments)).toEqual({ volume: 'data', tab: 'files', path: '/a dir/#hash?/ü.txt' });
  });

  it('defaults to the files tab at the root', () => {
    expect(volumeHref('data')).toBe('#/volumes/data/files');
    expect(parseVolumeRoute(['data'])).toEqual({ volume: 'data', tab: 'files', path: '/' });
    expect(parseVolumeRoute(['data', 'inspect'])).toMatchObject({ tab: 'inspect' });
  });
});
