/**
 * Permission bits as `ls -l` shows them ("drwxr-xr-x"), for every file list in Berth: a container's files (whose
 * mode arrives as octal text) and a volume's (a number) read the same.
 */
export function modeString(mode: number | string, kind: 'file' | 'directory' | 'symlink' | 'other'): string {
  const bits = typeof mode === 'string' ? parseInt(mode, 8) : mode;
  const prefix = kind === 'directory' ? 'd' : kind === 'symlink' ? 'l' : '-';
  const letters = ['r', 'w', 'x'];
  return prefix + Array.from({ length: 9 }, (_, i) => (bits & (1 << (8 - i)) ? letters[i % 3] : '-')).join('');
}
