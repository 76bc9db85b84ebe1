import { api } from '../../api/client';
import { saveBlob } from '../../lib/files';
import { collectDownload, type DownloadHandle, type DownloadProgress } from '../files/download-stream';

export type { DownloadHandle, DownloadProgress };

/**
 * Downloads a file (or a folder / whole volume as .tar.gz) from a volume: the main process streams base64 chunks over
 * the contract, which works the same over IPC and the browser-mode WebSocket, and they are assembled into a Blob here.
 */
export function downloadFromVolume(
  input: { name: string; path: string; format: 'file' | 'tar.gz' },
  onProgress: (progress: DownloadProgress) => void,
): DownloadHandle {
  const download = collectDownload(
    (handlers) => api.subscribe('volumes.download', input, handlers),
    onProgress,
    'The download ended before the whole file arrived; nothing was saved.',
  );
  return { done: download.done.then((file) => saveBlob(file.blob, file.fileName)), cancel: download.cancel };
}
