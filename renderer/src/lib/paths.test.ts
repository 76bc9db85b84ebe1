import { describe, expect, it } from 'vitest';
import { joinPath, parentOf, resolveLink } from './paths';

describe('paths', () => {
  it('joins, goes up, and resolves symlink targets', () => {
    expect(joinPath('/', 'etc')).toBe('/etc');
    expect(joinPath('/etc', 'ssl')).toBe('/etc/ssl');
    expect(parentOf('/etc/ssl')).toBe('/etc');
    expect(parentOf('/etc')).toBe('/');
    expect(resolveLink('/etc', '/proc/mounts')).toBe('/proc/mounts');
    expect(resolveLink('/usr/lib', '../share/./doc')).toBe('/usr/share/doc');
    expect(resolveLink('/a', '../../..')).toBe('/');
  });
});
