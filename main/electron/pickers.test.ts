import { beforeEach, describe, expect, it, vi } from 'vitest';

const shown: { method: string; withWindow: boolean; options: Record<string, unknown> }[] = [];
let answer: { canceled: boolean; filePaths?: string[]; filePath?: string } = { canceled: true };

vi.mock('electron', () => ({
  dialog: {
    showOpenDialog: (...args: unknown[]) => {
      shown.push({ method: 'open', withWindow: args.length === 2, options: args.at(-1) as Record<string, unknown> });
      return Promise.resolve({ canceled: answer.canceled, filePaths: answer.filePaths ?? [] });
    },
    showSaveDialog: (...args: unknown[]) => {
      shown.push({ method: 'save', withWindow: args.length === 2, options: args.at(-1) as Record<string, unknown> });
      return Promise.resolve({ canceled: answer.canceled, filePath: answer.filePath ?? '' });
    },
  },
}));

const { dialogOptions, pickPath } = await import('./pickers');

describe('native pickers', () => {
  beforeEach(() => {
    shown.length = 0;
  });

  it('a folder picker opens directories only', () => {
    expect(dialogOptions({ kind: 'folder', title: 'Build context' })).toEqual({ kind: 'open', options: { title: 'Build context', properties: ['openDirectory', 'createDirectory'] } });
  });

  it('a file picker takes the filters; save-as confirms overwriting', () => {
    const filters = [{ name: 'Tar archives', extensions: ['tar', 'tar.gz'] }];
    expect(dialogOptions({ kind: 'file', filters })).toEqual({ kind: 'open', options: { filters, properties: ['openFile'] } });
    expect(dialogOptions({ kind: 'save', defaultPath: 'busybox.tar', filters })).toEqual({
      kind: 'save',
      options: { defaultPath: 'busybox.tar', filters, properties: ['createDirectory', 'showOverwriteConfirmation'] },
    });
  });

  it('answers the chosen path, or cancelled', async () => {
    const window = {} as never;
    answer = { canceled: false, filePaths: ['/home/me/app'] };
    expect(await pickPath({ kind: 'folder' }, window)).toEqual({ status: 'picked', path: '/home/me/app' });
    answer = { canceled: false, filePath: '/home/me/image.tar' };
    expect(await pickPath({ kind: 'save' }, undefined)).toEqual({ status: 'picked', path: '/home/me/image.tar' });
    answer = { canceled: true };
    expect(await pickPath({ kind: 'file' }, window)).toEqual({ status: 'cancelled' });
    expect(shown.map(({ method, withWindow }) => [method, withWindow])).toEqual([
      ['open', true],
      ['save', false],
      ['open', true],
    ]);
  });
});
