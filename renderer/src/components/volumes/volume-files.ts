import { UPLOAD_CHUNK_BYTES } from '../../../../common/contract/containers';
import { api } from '../../api/client';
import { sendInChunks } from '../../lib/files';
import { collectDownload } from '../files/download-stream';
import type { FileSource } from '../files/file-source';
import { downloadFromVolume } from './volume-download';
import { volumeHref } from './volume-routes';

/** A file's bytes from the volume, kept in memory (for the viewer, which opens small text files only). */
async function readFromVolume(volume: string, path: string): Promise<Blob> {
  const download = collectDownload(
    (handlers) => api.subscribe('volumes.download', { name: volume, path, format: 'file' }, handlers),
    () => undefined,
    `${path} ended before the whole file arrived.`,
  );
  return (await download.done).blob;
}

/**
 * A volume for the FileBrowser: each folder has an address (`#/volumes/<name>/files/…`), and a symlink is shown, not
 * followed (its target is a path in whatever container mounts the volume, not in the volume).
 */
export function volumeFileSource(volume: string): FileSource {
  return {
    rootLabel: volume,
    folderArchive: 'tar.gz',
    followsLinks: false,
    folderHref: (path) => volumeHref(volume, 'files', path),
    list: async (path) => {
      const listing = await api.call('volumes.browse', { name: volume, path });
      return { path: listing.path, entries: listing.entries };
    },
    read: (path) => readFromVolume(volume, path),
    download: async (path, kind, onProgress, signal) => {
      let fileName = 'download';
      const handle = downloadFromVolume({ name: volume, path, format: kind === 'file' ? 'file' : 'tar.gz' }, (progress) => {
        fileName = progress.fileName;
        onProgress(progress.sentBytes, progress.totalBytes);
      });
      signal.addEventListener('abort', () => handle.cancel());
      await handle.done;
      return fileName;
    },
    upload: async (folder, file, onProgress) => {
      const { uploadId } = await api.call('volumes.uploadBegin', { name: volume, directory: folder, fileName: file.name, sizeBytes: file.size });
      await sendInChunks(
        file,
        UPLOAD_CHUNK_BYTES,
        {
          chunk: (dataBase64) => api.call('volumes.uploadChunk', { uploadId, dataBase64 }),
          finish: () => api.call('volumes.uploadFinish', { uploadId }),
          cancel: () => api.call('volumes.uploadCancel', { uploadId }),
        },
        onProgress,
      );
    },
  };
}
