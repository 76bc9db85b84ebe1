import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../../common/errors';
import type { Readable } from 'node:stream';

/** Where uploads land: a container's filesystem (ContainerFiles) or a volume (VolumeFileService). */
export interface UploadTarget {
  /** The folder as it will be written to; throws in words when it is missing or not a folder. */
  requireFolder(owner: string, directory: string): Promise<string>;
  upload(owner: string, folder: string, fileName: string, content: Readable, sizeBytes: number): Promise<void>;
}

interface Upload {
  /** The container or volume written to. */
  owner: string;
  folder: string;
  fileName: string;
  sizeBytes: number;
  received: number;
  tempDir: string;
  /** Chunks are written one after another, in the order they arrive. */
  writing: Promise<void>;
  idleTimer: NodeJS.Timeout;
}

/** An upload nobody adds to for this long is dropped with its temporary file. */
const IDLE_MS = 5 * 60 * 1000;

/**
 * File uploads in chunks: each chunk is appended to a temporary file, and when all bytes arrived the file is
 * streamed into the container (or volume) through the archive API. Nothing is kept in memory.
 */
export class UploadSessions {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly files: UploadTarget) {}

  async begin(owner: string, directory: string, fileName: string, sizeBytes: number): Promise<string> {
    const folder = await this.files.requireFolder(owner, directory);
    const uploadId = randomUUID();
    const tempDir = await mkdtemp(path.join(os.tmpdir(), 'berth-upload-'));
    this.uploads.set(uploadId, {
      owner,
      folder,
      fileName,
      sizeBytes,
      received: 0,
      tempDir,
      writing: Promise.resolve(),
      idleTimer: setTimeout(() => void this.cancel(uploadId), IDLE_MS),
    });
    return uploadId;
  }

  async append(uploadId: string, data: Buffer): Promise<void> {
    const upload = this.require(uploadId);
    if (upload.received + data.length > upload.sizeBytes) {
      await this.cancel(uploadId);
      throw new ApiError('invalid-input', `More data arrived than the ${upload.sizeBytes} bytes announced; the upload was cancelled.`);
    }
    upload.received += data.length;
    upload.idleTimer.refresh();
    upload.writing = upload.writing.then(() => appendFile(this.tempFile(upload), data));
    await upload.writing;
  }

  async finish(uploadId: string): Promise<void> {
    const upload = this.require(uploadId);
    try {
      await upload.writing;
      if (upload.received !== upload.sizeBytes) {
        throw new ApiError('invalid-input', `Only ${upload.received} of ${upload.sizeBytes} bytes arrived; the upload was cancelled.`);
      }
      const content = upload.sizeBytes === 0 ? createReadStream('/dev/null') : createReadStream(this.tempFile(upload));
      await this.files.upload(upload.owner, upload.folder, upload.fileName, content, upload.sizeBytes);
    } finally {
      await this.cancel(uploadId);
    }
  }

  async cancel(uploadId: string): Promise<void> {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    this.uploads.delete(uploadId);
    clearTimeout(upload.idleTimer);
    await upload.writing.catch(() => undefined);
    await rm(upload.tempDir, { recursive: true, force: true });
  }

  /** Uploads in progress, for tests and diagnostics. */
  get active(): number {
    return this.uploads.size;
  }

  private tempFile(upload: Upload): string {
    return path.join(upload.tempDir, 'content');
  }

  private require(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new ApiError('not-found', 'This upload is no longer in progress (it finished, failed or sat idle too long). Start it again.');
    return upload;
  }
}
