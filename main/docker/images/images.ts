import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import type {
  BuildEvent,
  ImageLayer,
  ImageSummary,
  LoadEvent,
  PruneCandidate,
  PruneMode,
  PrunePreview,
  PruneResult,
  SaveEvent,
  TransferEvent,
} from '../../../common/contract/images';
import { ApiError } from '../../../common/errors';
import { DOCKER_HUB_HOST, parseImageReference, splitTag, type ImageReference } from '../../../common/image-reference';
import type { Credentials } from '../../credentials/credential-store';
import type { EngineConnection } from '../../engine/connection';
import { toApiError } from '../../api/errors';
import { EngineService } from '../engine-service';
import { atomicFileStream } from '../../files/atomic-file';
import { containerName } from '../containers/containers';
import { createBuildContext, type BuildContextSource } from './image-build-context';
import { progressError, TransferTracker, transferStartError, type RawProgressEvent } from './image-progress';
import { consumeJsonStream, throttle } from './image-stream';
import { readDiskUsage } from '../disk-usage-request';

/** Finds the credentials saved for a registry host (Docker Hub is `docker.io`). */
export type CredentialLookup = (host: string) => Promise<Credentials | undefined>;

type EngineStream = NodeJS.ReadableStream & { destroy?: () => void };

const HUB_AUTH_ADDRESS = 'https://index.docker.io/v1/';
const PROGRESS_INTERVAL_MS = 100;

function reference(input: string): ImageReference {
  const parsed = parseImageReference(input);
  if ('error' in parsed) throw new ApiError('invalid-input', parsed.error);
  return parsed;
}

export interface BuildOptions extends BuildContextSource {
  tag?: string;
  buildArgs: Record<string, string>;
  target?: string;
  noCache: boolean;
}

/** An image's tags without the `<none>:<none>` the engine lists for an untagged one. */
export function realTags(repoTags: string[] | null | undefined): string[] {
  return (repoTags ?? []).filter((tag) => tag !== '<none>:<none>');
}

/** The `repository:tag` a reference names (`:latest` when it has none), or undefined for an id or digest. */
function taggedName(reference: string): string | undefined {
  if (reference.includes('@') || /^(sha256:)?[0-9a-f]{12,64}$/.test(reference)) return undefined;
  const { repository, tag } = splitTag(reference);
  return `${repository}:${tag ?? 'latest'}`;
}

export class ImageService extends EngineService {
  constructor(
    engine: EngineConnection,
    private readonly credentialsFor: CredentialLookup = async () => undefined,
    /** Told after a push, so cached registry catalogs can be refreshed. */
    private readonly onPushed: (registryHost: string) => void = () => undefined,
  ) {
    super(engine);
  }

  async list(): Promise<ImageSummary[]> {
    const [images, usage] = await Promise.all([this.docker.listImages({ all: false }), this.containersByImage()]);
    return images.map((image) => {
      const tags = realTags(image.RepoTags);
      return {
        id: image.Id,
        tags,
        repoDigests: (image.RepoDigests ?? []).filter((digest) => !digest.startsWith('<none>@')),
        dangling: tags.length === 0,
        sizeBytes: image.Size,
        created: image.Created,
        containers: usage.get(image.Id)?.length ?? 0,
      };
    });
  }

  async inspect(id: string): Promise<Record<string, unknown>> {
    return (await this.docker.getImage(id).inspect()) as unknown as Record<string, unknown>;
  }

  async history(id: string): Promise<ImageLayer[]> {
    const layers = (await this.docker.getImage(id).history()) as { Id: string; Created: number; CreatedBy: string; Size: number; Tags: string[] | null; Comment: string }[];
    return layers.map((layer) => ({
      id: layer.Id,
      created: layer.Created,
      createdBy: layer.CreatedBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, '').replace(/^\/bin\/sh -c /, 'RUN '),
      sizeBytes: layer.Size,
      tags: layer.Tags ?? [],
      comment: layer.Comment,
    }));
  }

  async tag(id: string, repository: string, tag: string): Promise<void> {
    await this.docker.getImage(id).tag({ repo: repository, tag });
  }

  /** Without `force`, refuses with the names of the containers that use the image. */
  async remove(id: string, force: boolean): Promise<{ deleted: string[]; untagged: string[] }> {
    if (!force) {
      const { Id: imageId, RepoTags: tags = [] } = (await this.docker.getImage(id).inspect()) as { Id: string; RepoTags?: string[] };
      // Removing one of several tags only untags, as `docker rmi` does: containers keep the image by id.
      const tagged = taggedName(id);
      const onlyUntags = tags.length > 1 && tagged !== undefined && tags.includes(tagged);
      const users = onlyUntags ? undefined : (await this.containersByImage()).get(imageId);
      if (users?.length) {
        const names = users.slice(0, 3).join(', ') + (users.length > 3 ? ` and ${users.length - 3} more` : '');
        throw new ApiError('conflict', `${id} is used by ${users.length === 1 ? 'container' : 'containers'} ${names}. Remove ${users.length === 1 ? 'it' : 'them'} first, or force the removal.`);
      }
    }
    type RemoveResult = { Deleted?: string; Untagged?: string }[];
    const image = this.docker.getImage(id);
    const result = (await image.remove({ force }).catch((err: unknown) => {
      // Several tags make the engine ask for force; the user asked for the whole image and no container uses it.
      if (!force && (err as { statusCode?: number }).statusCode === 409 && /referenced in multiple repositories/.test(String((err as Error).message))) {
        return image.remove({ force: true });
      }
      throw err;
    })) as RemoveResult;
    return {
      deleted: result.flatMap((entry) => (entry.Deleted ? [entry.Deleted] : [])),
      untagged: result.flatMap((entry) => (entry.Untagged ? [entry.Untagged] : [])),
    };
  }

  async prunePreview(mode: PruneMode): Promise<PrunePreview> {
    const images = await this.pruneCandidates(mode);
    return { mode, images, reclaimableBytes: images.reduce((sum, image) => sum + image.uniqueBytes, 0) };
  }

  /** Removes exactly the previewed images that are still unused; anything else is reported as skipped. */
  async prune(mode: PruneMode, ids: string[]): Promise<PruneResult> {
    const candidates = new Map((await this.pruneCandidates(mode)).map((image) => [image.id, image]));
    const result: PruneResult = { deleted: [], reclaimedBytes: 0, skipped: [] };
    for (const id of ids) {
      const candidate = candidates.get(id);
      if (!candidate) {
        result.skipped.push({ id, reason: 'It is in use now, or already gone.' });
        continue;
      }
      try {
        await this.removeUnused(id);
        result.deleted.push(id);
        result.reclaimedBytes += candidate.uniqueBytes;
      } catch (err) {
        result.skipped.push({ id, reason: toApiError(err).message });
      }
    }
    return result;
  }

  /**
   * Deletes an image a prune preview found unused, with every tag it has. Forced only to drop the tags at once
   * (without force the engine refuses an image named in several repositories); callers re-checked it has no containers.
   */
  async removeUnused(id: string): Promise<void> {
    await this.docker.getImage(id).remove({ force: true });
  }

  async pull(input: string, emit: (event: TransferEvent) => void, signal: AbortSignal): Promise<void> {
    const ref = reference(input);
    const authconfig = await this.authConfig(ref.registry);
    const stream = (await this.docker
      .createImage({ fromImage: ref.canonical, abortSignal: signal, ...(authconfig ? { authconfig } : {}) })
      .catch((err: unknown) => Promise.reject(transferStartError(err)))) as EngineStream;
    await this.followTransfer(stream, emit, signal);
  }

  async push(input: string, emit: (event: TransferEvent) => void, signal: AbortSignal): Promise<void> {
    const ref = reference(input);
    if (ref.digest) throw new ApiError('invalid-input', 'Push a tag, not a digest.');
    const name = splitTag(ref.canonical).repository;
    // The engine requires an auth header on push even for registries without auth.
    const authconfig = (await this.authConfig(ref.registry)) ?? {};
    const stream = (await this.docker
      .getImage(name)
      .push({ tag: ref.tag ?? 'latest', authconfig, abortSignal: signal })
      .catch((err: unknown) => Promise.reject(transferStartError(err)))) as EngineStream;
    await this.followTransfer(stream, emit, signal);
    this.onPushed(ref.registry);
  }

  async build(options: BuildOptions, emit: (event: BuildEvent) => void, signal: AbortSignal): Promise<void> {
    if (options.tag) reference(options.tag);
    const context = await createBuildContext(options);
    emit({ kind: 'context', bytes: context.bytes, files: context.files });
    const stream = (await this.docker.buildImage(context.stream as unknown as NodeJS.ReadableStream, {
      dockerfile: context.dockerfile,
      ...(options.tag ? { t: options.tag } : {}),
      ...(Object.keys(options.buildArgs).length ? { buildargs: options.buildArgs } : {}),
      ...(options.target ? { target: options.target } : {}),
      nocache: options.noCache,
      rm: true,
      // A failed step's container is removed too, as the docker CLI's build does: otherwise an unlabelled exited
      // container is left in the list after every failed build.
      forcerm: true,
      abortSignal: signal,
    } as Docker.ImageBuildOptions)) as EngineStream;
    let imageId = '';
    await consumeJsonStream(
      stream,
      (message) => {
        const event = message as RawProgressEvent & { aux?: { ID?: string } };
        const error = progressError(event);
        if (error) throw new ApiError('invalid-input', `The build failed: ${error.message}`);
        if (event.aux?.ID) imageId = event.aux.ID;
        const text = event.stream ?? (event.status ? `${event.status}${event.id ? ` ${event.id}` : ''}\n` : '');
        if (!text) return;
        const successfully = /Successfully built ([0-9a-f]+)/.exec(text);
        if (successfully && !imageId) imageId = successfully[1]!;
        emit({ kind: /^Step \d+\/\d+ :/.test(text) ? 'step' : 'log', text });
      },
      signal,
    );
    if (!imageId) throw new ApiError('internal', 'The engine finished the build without naming the image it made.');
    emit({ kind: 'done', imageId, tags: options.tag ? [reference(options.tag).canonical] : [] });
  }

  /**
   * Writes `docker save` of the images to a new file. The bytes go to a hidden temporary file beside it that takes the
   * name only once the engine sent everything: a cancelled or failed save (or the engine dying) leaves no partial file.
   */
  async save(references: string[], filePath: string, emit: (event: SaveEvent) => void, signal: AbortSignal): Promise<void> {
    if (await stat(filePath).then(() => true, () => false)) throw new ApiError('conflict', `${filePath} already exists. Pick another file name.`);
    const source = await this.exportArchive(references, signal);
    const progress = throttle(emit, 200);
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        progress.push(() => ({ kind: 'progress', bytes }));
        done(null, chunk);
      },
    });
    const file = atomicFileStream(filePath, { mode: 0o644, exclusive: true });
    try {
      await pipeline(source, counter, file.stream, { signal });
      await file.commit();
    } catch (err) {
      progress.cancel();
      await file.discard();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new ApiError('conflict', `${filePath} already exists. Pick another file name.`);
      if (code === 'ENOENT') throw new ApiError('not-found', `The folder for ${filePath} does not exist.`);
      if (code === 'EACCES') throw new ApiError('forbidden', `Berth may not write ${filePath}.`);
      throw toApiError(err);
    }
    progress.cancel();
    emit({ kind: 'done', bytes, path: filePath });
  }

  async load(filePath: string, emit: (event: LoadEvent) => void, signal: AbortSignal): Promise<void> {
    const info = await stat(filePath).catch(() => undefined);
    if (!info?.isFile()) throw new ApiError('not-found', `There is no file at ${filePath}.`);
    const totalBytes = info.size;
    const progress = throttle(emit, 200);
    let bytes = 0;
    const file = createReadStream(filePath);
    file.on('data', (chunk) => {
      bytes += chunk.length;
      progress.push(() => ({ kind: 'progress', bytes, totalBytes }));
    });
    try {
      const loaded = await this.loadArchive(file, filePath, signal, (text) => emit({ kind: 'log', text }));
      emit({ kind: 'done', loaded });
    } finally {
      progress.cancel();
      file.destroy();
    }
  }

  /**
   * `docker load` from any byte stream (a file here, or the body of a browser upload in browser mode): the names
   * of the images loaded, each engine log line to `onLog`. `what` names the source in errors.
   */
  async loadArchive(source: NodeJS.ReadableStream, what: string, signal: AbortSignal, onLog: (text: string) => void = () => undefined): Promise<string[]> {
    const loaded: string[] = [];
    const options: object = { quiet: false, abortSignal: signal };
    const stream = (await this.docker.loadImage(source, options)) as EngineStream;
    await consumeJsonStream(
      stream,
      (message) => {
        const event = message as RawProgressEvent;
        const error = progressError(event);
        if (error) throw new ApiError('invalid-input', `The engine could not load ${what}: ${error.message}`);
        const match = /Loaded image(?: ID)?: (\S+)/.exec(event.stream ?? '');
        if (match) loaded.push(match[1]!);
        if (event.stream?.trim()) onLog(event.stream);
      },
      signal,
    );
    if (!loaded.length) throw new ApiError('invalid-input', `${what} holds no image the engine could load.`);
    return loaded;
  }

  /** `docker save` as a stream (browser mode hands it to the browser as a download, never holding it whole). */
  async exportArchive(references: string[], signal: AbortSignal): Promise<NodeJS.ReadableStream> {
    for (const name of references) await this.docker.getImage(name).inspect();
    // Typed by @types/dockerode only under another name; the method exists (GET /images/get).
    const exporter = this.docker as unknown as { getImages(options: object): Promise<NodeJS.ReadableStream> };
    return exporter.getImages({ names: references, abortSignal: signal });
  }

  private async followTransfer(stream: EngineStream, emit: (event: TransferEvent) => void, signal: AbortSignal): Promise<void> {
    const tracker = new TransferTracker();
    const progress = throttle(emit, PROGRESS_INTERVAL_MS);
    try {
      await consumeJsonStream(
        stream,
        (message) => {
          tracker.apply(message as RawProgressEvent);
          progress.push(() => tracker.snapshot());
        },
        signal,
      );
    } finally {
      progress.cancel();
    }
    emit(tracker.snapshot('done'));
  }

  private async authConfig(registry: string): Promise<Docker.AuthConfig | undefined> {
    const credentials = await this.credentialsFor(registry);
    if (!credentials) return undefined;
    return { ...credentials, serveraddress: registry === DOCKER_HUB_HOST ? HUB_AUTH_ADDRESS : registry };
  }

  /** Image id → names of the containers (running or not) created from it. */
  private async containersByImage(): Promise<Map<string, string[]>> {
    const containers = await this.docker.listContainers({ all: true });
    const byImage = new Map<string, string[]>();
    for (const container of containers) {
      byImage.set(container.ImageID, [...(byImage.get(container.ImageID) ?? []), containerName(container)]);
    }
    return byImage;
  }

  /**
   * Unused images with the bytes deleting each frees on its own (size minus layers shared with other images), from
   * the engine's disk-usage report, which is the one place it counts shared layers.
   */
  async pruneCandidates(mode: PruneMode): Promise<PruneCandidate[]> {
    const [images, df] = await Promise.all([this.list(), readDiskUsage(this.docker)]);
    const shared = new Map((df.Images ?? []).map((image) => [image.Id, image.SharedSize]));
    return images
      .filter((image) => image.containers === 0 && (mode === 'unused' || image.dangling))
      .map((image) => ({
        id: image.id,
        tags: image.tags,
        sizeBytes: image.sizeBytes,
        uniqueBytes: Math.max(0, image.sizeBytes - Math.max(0, shared.get(image.id) ?? 0)),
      }));
  }
}
