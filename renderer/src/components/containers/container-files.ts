import { UPLOAD_CHUNK_BYTES } from '../../../../common/contract/containers';
import { api } from '../../api/client';
import { base64ToBytes, saveBlob, sendInChunks } from '../../lib/files';
import type { FileSource } from '../files/file-source';

interface FetchedFile {
  fileName: string;
  contentType: string;
  parts: BlobPart[];
}

/** Streams a file (or a folder as tar) out of the container through the archive API. */
function fetchFile(containerId: string, path: string, onProgress: (sentBytes: number) => void, signal?: AbortSignal): Promise<FetchedFile> {
  return new Promise((resolve, reject) => {
    const parts: BlobPart[] = [];
    let fileName = 'download';
    let contentType = 'application/octet-stream';
    let sentBytes = 0;
    const subscription = api.subscribe('containers.download', { id: containerId, path }, {
      onEvent: (event) => {
        if (event.type === 'start') {
          fileName = event.fileName;
          contentType = event.contentType;
        } else if (event.type === 'chunk') {
          const bytes = base64ToBytes(event.data);
          parts.push(bytes);
          sentBytes += bytes.length;
          onProgress(sentBytes);
        }
      },
      onEnd: (error) => {
        if (error) return reject(error);
        resolve({ fileName, contentType, parts });
      },
    });
    signal?.addEventListener('abort', () => {
      subscription.unsubscribe();
      reject(new Error('Download cancelled.'));
    });
  });
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
      const file = await fetchFile(containerId, path, () => undefined);
      return new Blob(file.parts);
    },
    download: async (path, _kind, onProgress, signal) => {
      const file = await fetchFile(containerId, path, (sent) => onProgress(sent), signal);
      saveBlob(new Blob(file.parts, { type: file.contentType }), file.fileName);
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
