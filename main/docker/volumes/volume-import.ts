import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { once } from 'node:events';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { ApiError } from '../../../common/errors';
import { toApiError } from '../../api/errors';
import { EngineService } from '../engine-service';
import { createVolumeHelper, HELPER_MOUNT, removeVolumeHelper } from './volume-helper';
import { volumeExists } from './volumes';

/** An import nobody sends chunks to for this long is abandoned (the window was closed) and cleaned up. */
const IDLE_TIMEOUT_MS = 60_000;

interface ImportSession {
  volume: string;
  createdVolume: boolean;
  helper: Docker.Container;
  input: PassThrough;
  upload: Promise<unknown>;
  failure?: unknown;
  receivedBytes: number;
  /** The file's size as the renderer announced it; anything else arriving means the upload broke. */
  expectedBytes: number;
  idleTimer?: NodeJS.Timeout;
}

/** Whether a volume holds anything, reading only as far as its first entry below the root. */
async function hasContent(helper: Docker.Container): Promise<boolean> {
  const archive = (await helper.getArchive({ path: `${HELPER_MOUNT}/.` })) as Readable;
  const extract = tar.extract();
  let found = false;
  extract.on('entry', (header, body, next) => {
    if (header.name.split('/').some((part) => part && part !== '.')) {
      found = true;
      archive.destroy();
      extract.destroy();
      return;
    }
    body.on('end', next);
    body.resume();
  });
  archive.pipe(extract);
  await Promise.race([once(extract, 'finish'), once(extract, 'close')]).catch(() => undefined);
  return found;
}

function describeUploadFailure(err: unknown): ApiError {
  const apiError = toApiError(err);
  if (/tar|header|gzip|archive/i.test(apiError.message)) {
    return new ApiError('invalid-input', `The file is not a tar archive the engine can read (${apiError.message}).`);
  }
  return apiError;
}

/**
 * Imports a tar (plain or gzip'd) into a new or empty volume. The renderer sends the file in chunks; they are
 * piped straight into the engine's archive API through a stopped helper container, so nothing is buffered whole.
 */
export class VolumeImportService extends EngineService {
  private readonly sessions = new Map<string, ImportSession>();

  async begin(volume: string, create: boolean, expectedBytes: number): Promise<{ importId: string }> {
    if (create) {
      if (await volumeExists(this.docker, volume)) throw new ApiError('conflict', `A volume named "${volume}" already exists. Import into it only if it is empty, or choose a new name.`);
      await this.docker.createVolume({ Name: volume, Labels: {} });
    }
    let helper: Docker.Container | undefined;
    try {
      helper = await createVolumeHelper(this.docker, volume, 'write');
      if (!create && (await hasContent(helper))) {
        throw new ApiError('conflict', `Volume "${volume}" is not empty. Import into a new volume or an empty one, so no file is overwritten.`);
      }
      const input = new PassThrough();
      const session: ImportSession = { volume, createdVolume: create, helper, input, receivedBytes: 0, expectedBytes, upload: Promise.resolve() };
      session.upload = helper.putArchive(input, { path: HELPER_MOUNT }).then(
        (response) => response,
        (err: unknown) => {
          session.failure = err;
          input.destroy();
        },
      );
      const importId = randomUUID();
      this.sessions.set(importId, session);
      this.touch(importId, session);
      return { importId };
    } catch (err) {
      if (helper) await removeVolumeHelper(helper);
      if (create) await this.docker.getVolume(volume).remove().catch(() => undefined);
      throw err;
    }
  }

  async chunk(importId: string, base64: string): Promise<{ receivedBytes: number }> {
    const session = this.session(importId);
    this.touch(importId, session);
    if (session.failure) return this.fail(importId, session);
    const data = Buffer.from(base64, 'base64');
    session.receivedBytes += data.length;
    if (session.receivedBytes > session.expectedBytes) {
      await this.discard(importId, session);
      throw new ApiError('invalid-input', `More data arrived than the ${session.expectedBytes} bytes announced; the import was stopped.`);
    }
    if (!session.input.write(data)) {
      await Promise.race([once(session.input, 'drain'), session.upload]);
    }
    if (session.failure) return this.fail(importId, session);
    return { receivedBytes: session.receivedBytes };
  }

  async finish(importId: string): Promise<{ receivedBytes: number }> {
    const session = this.session(importId);
    clearTimeout(session.idleTimer);
    if (session.receivedBytes !== session.expectedBytes) {
      await this.discard(importId, session);
      throw new ApiError('invalid-input', `The upload is incomplete (${session.receivedBytes} of ${session.expectedBytes} bytes); nothing was kept. Try again.`);
    }
    session.input.end();
    await session.upload;
    if (session.failure) return this.fail(importId, session);
    this.sessions.delete(importId);
    await removeVolumeHelper(session.helper);
    return { receivedBytes: session.receivedBytes };
  }

  async cancel(importId: string): Promise<void> {
    const session = this.sessions.get(importId);
    if (!session) return;
    await this.discard(importId, session);
  }

  /** Ends every open import, e.g. when the backend shuts down. */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.cancel(id)));
  }

  private session(importId: string): ImportSession {
    const session = this.sessions.get(importId);
    if (!session) throw new ApiError('not-found', 'This import is no longer open (it failed, finished, or sat idle too long). Start it again.');
    return session;
  }

  private touch(importId: string, session: ImportSession): void {
    clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(() => void this.discard(importId, session), IDLE_TIMEOUT_MS);
    session.idleTimer.unref();
  }

  private async fail(importId: string, session: ImportSession): Promise<never> {
    const error = describeUploadFailure(session.failure);
    await this.discard(importId, session);
    throw error;
  }

  /** Stops an import and removes its helper; a volume the import created is removed too, as it holds only part of the archive. */
  private async discard(importId: string, session: ImportSession): Promise<void> {
    this.sessions.delete(importId);
    clearTimeout(session.idleTimer);
    // Destroying with an error aborts the engine request too; without one the upload would wait for more data.
    session.input.destroy(new Error('Import cancelled.'));
    await session.upload.catch(() => undefined);
    await removeVolumeHelper(session.helper);
    if (session.createdVolume) await this.docker.getVolume(session.volume).remove().catch(() => undefined);
  }
}
