import { base64ToBytes } from '../../lib/files';

/** What a download stream says (a container's or a volume's), in the words both contracts share. */
export type DownloadStreamEvent =
  | { type: 'start'; fileName: string; contentType: string; totalBytes?: number | undefined }
  /** `sentBytes` when the stream counts them; otherwise the chunks are added up here. */
  | { type: 'chunk'; base64: string; sentBytes?: number }
  | { type: 'done' };

export interface DownloadStreamHandlers {
  onEvent(event: DownloadStreamEvent): void;
  onEnd(error?: unknown): void;
}

export interface DownloadProgress {
  fileName: string;
  sentBytes: number;
  totalBytes?: number | undefined;
}

export interface DownloadedFile {
  fileName: string;
  /** The whole file, typed with the stream's content type. */
  blob: Blob;
}

export interface DownloadHandle<T = void> {
  done: Promise<T>;
  /** Stops the stream and rejects `done` with "Download cancelled.". */
  cancel(): void;
}

/**
 * Assembles a download stream's base64 chunks into a Blob in memory. A `start` begins again from nothing (a
 * reconnect re-opens the stream from the start: what the broken attempt delivered is dropped). `done` resolves with
 * the file; an end without `done` rejects with `endedEarly`, an end with an error with that error.
 */
export function collectDownload(
  subscribe: (handlers: DownloadStreamHandlers) => { unsubscribe(): void },
  onProgress: (progress: DownloadProgress) => void,
  endedEarly: string,
): DownloadHandle<DownloadedFile> {
  let parts: Uint8Array<ArrayBuffer>[] = [];
  let progress: DownloadProgress | undefined;
  let contentType = 'application/octet-stream';
  let complete = false;
  let subscription: { unsubscribe(): void } | undefined;
  let rejectDone: (error: unknown) => void = () => undefined;
  const done = new Promise<DownloadedFile>((resolve, reject) => {
    rejectDone = reject;
    subscription = subscribe({
      onEvent: (event) => {
        if (event.type === 'start') {
          parts = [];
          contentType = event.contentType;
          progress = { fileName: event.fileName, sentBytes: 0, totalBytes: event.totalBytes };
        } else if (event.type === 'chunk' && progress) {
          const bytes = base64ToBytes(event.base64);
          parts.push(bytes);
          progress = { ...progress, sentBytes: event.sentBytes ?? progress.sentBytes + bytes.length };
        } else if (event.type === 'done' && progress) {
          const blob = new Blob(parts, { type: contentType });
          parts = [];
          complete = true;
          resolve({ fileName: progress.fileName, blob });
        }
        if (progress) onProgress(progress);
      },
      onEnd: (error) => {
        if (error) reject(error);
        else if (!complete) reject(new Error(endedEarly));
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
