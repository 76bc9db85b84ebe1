import { dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { PickPathInput, PickPathResult } from '../../common/contract/host';

/** Electron's dialog options for a validated request: open a file, choose a folder, or save as. */
export function dialogOptions(input: PickPathInput): { kind: 'open'; options: OpenDialogOptions } | { kind: 'save'; options: SaveDialogOptions } {
  const common = {
    ...(input.title ? { title: input.title } : {}),
    ...(input.defaultPath ? { defaultPath: input.defaultPath } : {}),
  };
  if (input.kind === 'save') {
    return { kind: 'save', options: { ...common, ...(input.filters ? { filters: input.filters } : {}), properties: ['createDirectory', 'showOverwriteConfirmation'] } };
  }
  if (input.kind === 'folder') return { kind: 'open', options: { ...common, properties: ['openDirectory', 'createDirectory'] } };
  return { kind: 'open', options: { ...common, ...(input.filters ? { filters: input.filters } : {}), properties: ['openFile'] } };
}

/** Opens the native picker as a sheet of the window when there is one. */
export async function pickPath(input: PickPathInput, window: BrowserWindow | undefined): Promise<PickPathResult> {
  const request = dialogOptions(input);
  if (request.kind === 'save') {
    const result = window ? await dialog.showSaveDialog(window, request.options) : await dialog.showSaveDialog(request.options);
    return result.canceled || !result.filePath ? { status: 'cancelled' } : { status: 'picked', path: result.filePath };
  }
  const result = window ? await dialog.showOpenDialog(window, request.options) : await dialog.showOpenDialog(request.options);
  const [chosen] = result.filePaths;
  return result.canceled || !chosen ? { status: 'cancelled' } : { status: 'picked', path: chosen };
}
