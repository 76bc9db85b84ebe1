import { IMPORT_CHUNK_BYTES } from '../../../../common/contract/volumes';
import { api } from '../../api/client';
import { sendInChunks } from '../../lib/files';

/** Imports a tar or .tar.gz file into a new or empty volume, reporting progress; an abort or failure cancels the import. */
export async function importIntoVolume(
  file: Blob,
  target: { name: string; create: boolean },
  onProgress: (sentBytes: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const { importId } = await api.call('volumes.importBegin', { ...target, totalBytes: file.size });
  await sendInChunks(
    file,
    IMPORT_CHUNK_BYTES,
    {
      chunk: (base64) => api.call('volumes.importChunk', { importId, base64 }),
      finish: () => api.call('volumes.importFinish', { importId }),
      cancel: () => api.call('volumes.importCancel', { importId }),
    },
    onProgress,
    signal,
  );
}
