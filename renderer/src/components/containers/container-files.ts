import { UPLOAD_CHUNK_BYTES } from '../../../../common/contract/containers';
import { api } from '../../api/client';
import { saveBlob, sendInChunks } from '../../lib/files';
import { collectDownload, type DownloadedFile } from '../files/download-stream';
import type { FileSource } from '../files/file-source';

/** Streams a file (or a folder as tar) out of the container through the archive API. */
function fetchFile(containerId: string, path: string, onProgress: (sentBytes: number) => void, signal?: AbortSignal): Promise<DownloadedFile> {
  const download = collectDownload(
    (handlers) =>
      api.subscribe('containers.download', { id: containerId, path }, {
        onEvent: (event) => handlers.onEvent(event.type === 'chunk' ? { type: 'chunk', base64: event.data } : event),
        onEnd: handlers.onEnd,
      }),
    (progress) => onProgress(progress.sentBytes),
    `${path} ended before the whole file arrived.`,
  );
  signal?.addEventListener('abort', () => download.cancel());
  return download.done;
}

/** A container's filesystem for the FileBrowser: folders open in place, links are followed inside the container. */
export function containerFileSource(containerId: string): FileSource {
  return {
    rootLabel: '/',
    folderArchive: 'tar',
    followsLinks: true,
    list: async (path) => {
      const listing = await api.call('containers.listFiles', { id: containerId, path });
      return {
        path: listing.path,
        truncated: listing.truncated,
        entries: listing.entries.map(({ type, ...entry }) => ({ ...entry, kind: type })),
      };
    },
    read: async (path) => {
      return (await fetchFile(containerId, path, () => undefined)).blob;
    },
    download: async (path, _kind, onProgress, signal) => {
      const file = await fetchFile(containerId, path, (sent) => onProgress(sent), signal);
      saveBlob(file.blob, file.fileName);
      return file.fileName;
    },
    upload: async (folder, file, onProgress) => {
      const { uploadId } = await api.call('containers.uploadBegin', { id: containerId, directory: folder, fileName: file.name, sizeBytes: file.size });
      await sendInChunks(
        file,
        UPLOAD_CHUNK_BYTES,
        {
          chunk: (dataBase64) => api.call('containers.uploadChunk', { uploadId, dataBase64 }),
          finish: () => api.call('containers.uploadFinish', { uploadId }),
          cancel: () => api.call('containers.uploadCancel', { uploadId }),
        },
        onProgress,
      );
    },
  };
}
