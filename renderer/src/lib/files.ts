/** Hands a Blob to the browser as a download with the given name (works the same in Electron and browser mode). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** File bytes cross the contract as base64 (JSON-safe over IPC and the WebSocket alike). */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

/** The calls of one chunked upload already begun on the main side. */
export interface ChunkedTransfer {
  chunk(base64: string): Promise<unknown>;
  finish(): Promise<unknown>;
  cancel(): Promise<unknown>;
}

/**
 * Sends a file in chunks, one call each (so the main process applies back-pressure), reporting the bytes sent so far.
 * An abort, or any failure, cancels the transfer on the main side so nothing half-written is left.
 */
export async function sendInChunks(file: Blob, chunkBytes: number, transfer: ChunkedTransfer, onProgress: (sentBytes: number) => void, signal?: AbortSignal): Promise<void> {
  try {
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      signal?.throwIfAborted();
      const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
      await transfer.chunk(bytesToBase64(bytes));
      onProgress(Math.min(file.size, offset + bytes.length));
    }
    await transfer.finish();
  } catch (err) {
    await transfer.cancel().catch(() => undefined);
    throw err;
  }
}
