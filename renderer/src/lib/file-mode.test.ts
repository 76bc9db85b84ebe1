import { describe, expect, it } from 'vitest';
import { modeString } from './file-mode';

describe('modeString', () => {
  it('reads octal text (containers) and numbers (volumes) the same way', () => {
    expect(modeString('755', 'directory')).toBe('drwxr-xr-x');
    expect(modeString(0o755, 'directory')).toBe('drwxr-xr-x');
    expect(modeString('644', 'file')).toBe('-rw-r--r--');
    expect(modeString('777', 'symlink')).toBe('lrwxrwxrwx');
  });
});
