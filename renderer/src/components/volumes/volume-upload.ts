import { IMPORT_CHUNK_BYTES } from '../../../../common/contract/volumes';
import { api } from '../../api/client';
import { bytesToBase64 } from '../../lib/files';

/**
 * Imports a tar or .tar.gz file into a new or empty volume, sending it in chunks (one call each, so the main
 * process applies back-pressure) and reporting progress. An abort, or any failure, cancels the import on the main side.
 */
export async function importIntoVolume(
  file: Blob,
  target: { name: string; create: boolean },
  onProgress: (sentBytes: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const { importId } = await api.call('volumes.importBegin', { ...target, totalBytes: file.size });
  try {
    for (let offset = 0; offset < file.size; offset += IMPORT_CHUNK_BYTES) {
      if (signal.aborted) throw new Error('Import cancelled.');
      const bytes = new Uint8Array(await file.slice(offset, offset + IMPORT_CHUNK_BYTES).arrayBuffer());
      await api.call('volumes.importChunk', { importId, base64: bytesToBase64(bytes) });
      onProgress(Math.min(file.size, offset + bytes.length));
    }
    await api.call('volumes.importFinish', { importId });
  } catch (err) {
    await api.call('volumes.importCancel', { importId }).catch(() => undefined);
    throw err;
  }
}
