import type { VolumeDownloadEvent } from '../../../../common/contract';
import type { ApiError } from '../../../../common/errors';
import { api } from '../../api/client';
import { base64ToBytes, saveBlob } from '../../lib/files';

export interface DownloadProgress {
  fileName: string;
  sentBytes: number;
  totalBytes?: number | undefined;
}

export interface DownloadHandle {
  cancel(): void;
  done: Promise<void>;
}

/**
 * Downloads a file (or a folder / whole volume as .tar.gz) from a volume: the main process streams base64 chunks over
 * the contract, which works the same over IPC and the browser-mode WebSocket, and they are assembled into a Blob here.
 */
export function downloadFromVolume(
  input: { name: string; path: string; format: 'file' | 'tar.gz' },
  onProgress: (progress: DownloadProgress) => void,
): DownloadHandle {
  let parts: Uint8Array<ArrayBuffer>[] = [];
  let progress: DownloadProgress | undefined;
  let contentType = 'application/octet-stream';
  let saved = false;
  let subscription: { unsubscribe(): void } | undefined;
  let rejectDone: (error: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    rejectDone = reject;
    subscription = api.subscribe('volumes.download', input, {
      onEvent: (event: VolumeDownloadEvent) => {
        if (event.type === 'start') {
          // A reconnect re-opens the stream from the start: drop what the broken attempt delivered.
          parts = [];
          contentType = event.contentType;
          progress = { fileName: event.fileName, sentBytes: 0, totalBytes: event.totalBytes };
        } else if (event.type === 'chunk' && progress) {
          parts.push(base64ToBytes(event.base64));
          progress = { ...progress, sentBytes: event.sentBytes };
        } else if (event.type === 'done' && progress) {
          saveBlob(new Blob(parts, { type: contentType }), progress.fileName);
          parts = [];
          saved = true;
          resolve();
        }
        if (progress) onProgress(progress);
      },
      onEnd: (error?: ApiError) => {
        if (error) reject(error);
        else if (!saved) reject(new Error('The download ended before the whole file arrived; nothing was saved.'));
      },
    });
  });
  return {
    done,
    cancel: () => {
      subscription?.unsubscribe();
      parts = [];
      rejectDone(new Error('Download cancelled.'));
    },
  };
}
