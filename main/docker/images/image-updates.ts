import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { runSpecSchema } from '../../../common/contract/containers';
import type { TransferEvent } from '../../../common/contract/images';
import type { ImageUpdate, UpdateEvent, UpdateSkip, UpdatesState } from '../../../common/contract/updates';
import { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL } from '../../../common/compose-labels';
import { ApiError } from '../../../common/errors';
import { parseImageReference, repositoryPullName } from '../../../common/image-reference';
import { toApiError } from '../../api/errors';
import type { EngineConnection } from '../../engine/connection';
import { EngineService } from '../engine-service';
import { ContainerRecreator } from '../containers/container-recreate';
import { containerName } from '../containers/containers';

export const DEFAULT_INTERVAL_HOURS = 6;
const SCHEDULE_TICK_MS = 60_000;
const CHECK_CONCURRENCY = 4;
const FILE = 'image-updates.json';

/** Asks a registry for the digest a tag points at now. */
export type DigestLookup = (host: string, repository: string, tag: string, signal?: AbortSignal) => Promise<string>;

const savedSchema = z.object({
  intervalHours: z.number().int().min(0).max(168).default(DEFAULT_INTERVAL_HOURS),
  lastCheckAt: z.number().optional(),
  images: z.array(z.record(z.string(), z.unknown())).default([]),
});

/** Whether this machine has any network besides loopback (a scheduled check is skipped without one). */
export function hasNetwork(): boolean {
  return Object.values(os.networkInterfaces()).some((addresses) => addresses?.some((address) => !address.internal));
}

/** The check of one image reference as a pure decision over what the engine and the registry said. */
export function decideStatus(input: {
  reference: string;
  repoDigests: string[];
  remote?: { digest: string } | { error: string };
}): Pick<ImageUpdate, 'status' | 'message' | 'localDigest' | 'remoteDigest'> {
  const parsed = parseImageReference(input.reference);
  if ('error' in parsed || /^(sha256:)?[0-9a-f]{12,64}$/.test(input.reference)) return { status: 'local', message: 'Created from an image id, not a tag.' };
  if (parsed.digest) return { status: 'pinned', message: `Pinned to ${parsed.digest.slice(0, 19)}…; a pinned digest is never updated.` };
  const name = repositoryPullName(parsed.registry, parsed.repository);
  const local = input.repoDigests.filter((entry) => entry.startsWith(`${name}@`)).map((entry) => entry.slice(name.length + 1));
  if (!local.length) return { status: 'local', message: `Built or loaded on this engine, not pulled from ${parsed.registry}: nothing to compare with.` };
  if (!input.remote) return { status: 'local', localDigest: local[0]! };
  if ('error' in input.remote) return { status: 'error', message: `Could not check: ${input.remote.error}`, localDigest: local[0]! };
  const remoteDigest = input.remote.digest;
  return local.includes(remoteDigest)
    ? { status: 'up-to-date', localDigest: remoteDigest, remoteDigest }
    : { status: 'update-available', localDigest: local[0]!, remoteDigest };
}

/** A container using an image; `compose` when a Compose project manages it. */
interface ContainerInUse {
  id: string;
  name: string;
  compose?: { project: string; service?: string };
}

interface ImageInUse {
  reference: string;
  imageId: string;
  repoDigests: string[];
  created: number;
  containers: ContainerInUse[];
}

interface Pull {
  (reference: string, emit: (event: TransferEvent) => void, signal: AbortSignal): Promise<void>;
}

/**
 * Which images in use have a newer version under their tag: checked on demand and every `intervalHours` (never while
 * offline), kept with their time in the data dir; and the update itself (pull, then recreate each container).
 */
export class ImageUpdates extends EngineService {
  private state: UpdatesState;
  private running?: Promise<UpdatesState>;
  private readonly timer: NodeJS.Timeout;
  private readonly recreator: ContainerRecreator;

  constructor(
    engine: EngineConnection,
    private readonly lookup: DigestLookup,
    private readonly pull: Pull,
    private readonly dataDir: string,
    private readonly online: () => boolean = hasNetwork,
    /** Whether the operating system says the computer is saving power (Electron: on battery); browser mode cannot tell. */
    private readonly savingPower: () => boolean = () => false,
  ) {
    super(engine);
    this.recreator = new ContainerRecreator(engine);
    this.state = { intervalHours: DEFAULT_INTERVAL_HOURS, checking: false, images: [] };
    this.load();
    this.timer = setInterval(() => void this.tick(), SCHEDULE_TICK_MS);
    this.timer.unref();
  }

  dispose(): void {
    clearInterval(this.timer);
  }

  status(): UpdatesState {
    return { ...this.state, checking: Boolean(this.running) };
  }

  setInterval(hours: number): UpdatesState {
    this.state = { ...this.state, intervalHours: hours };
    this.save();
    return this.status();
  }

  /** One check at a time: a second caller shares the one under way. */
  check(): Promise<UpdatesState> {
    this.running ??= this.runCheck().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Runs a scheduled check when one is due, unless the machine is offline or saving power. */
  async tick(now = Date.now()): Promise<void> {
    if (!this.state.intervalHours || this.running) return;
    if (this.state.lastCheckAt && now - this.state.lastCheckAt < this.state.intervalHours * 3600_000) return;
    if (!this.online()) {
      this.state = { ...this.state, skipped: 'Skipped the scheduled check: this computer is offline.' };
      return;
    }
    if (this.savingPower()) {
      this.state = { ...this.state, skipped: 'Skipped the scheduled check: this computer is running on battery.' };
      return;
    }
    await this.check().catch(() => undefined);
  }

  private async runCheck(): Promise<UpdatesState> {
    const groups = await this.imagesInUse();
    const lookups = new Map<string, Promise<{ digest: string } | { error: string }>>();
    const remoteFor = (reference: string) => {
      const parsed = parseImageReference(reference);
      if ('error' in parsed || parsed.digest) return undefined;
      const key = `${parsed.registry}/${parsed.repository}:${parsed.tag ?? 'latest'}`;
      if (!lookups.has(key)) {
        lookups.set(
          key,
          this.lookup(parsed.registry, parsed.repository, parsed.tag ?? 'latest').then(
            (digest) => ({ digest }),
            (err: unknown) => ({ error: toApiError(err).message }),
          ),
        );
      }
      return lookups.get(key)!;
    };
    const images: ImageUpdate[] = [];
    const queue = [...groups.values()];
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        const local = decideStatus({ reference: group.reference, repoDigests: group.repoDigests });
        const remote = local.status === 'local' && local.localDigest ? await remoteFor(group.reference) : undefined;
        const decided = decideStatus({ reference: group.reference, repoDigests: group.repoDigests, ...(remote ? { remote } : {}) });
        images.push({ reference: group.reference, imageId: group.imageId, localCreated: group.created, containers: group.containers.map(({ id, name }) => ({ id, name })), checkedAt: Date.now(), ...decided });
      }
    };
    await Promise.all(Array.from({ length: CHECK_CONCURRENCY }, worker));
    images.sort((a, b) => a.reference.localeCompare(b.reference));
    const { skipped: _skipped, ...rest } = this.state;
    this.state = { ...rest, images, lastCheckAt: Date.now(), checking: false };
    this.save();
    return this.status();
  }

  /** The references containers were created with (the engine's list shows an id once the tag moved on: inspect those). */
  private async imagesInUse(): Promise<Map<string, ImageInUse>> {
    const containers = await this.docker.listContainers({ all: true });
    const groups = new Map<string, ImageInUse>();
    const images = new Map<string, Promise<{ RepoDigests?: string[]; Created?: string } | undefined>>();
    for (const container of containers) {
      let reference = container.Image;
      if (reference.startsWith('sha256:') || /^[0-9a-f]{12,64}$/.test(reference)) {
        const inspected = await this.docker.getContainer(container.Id).inspect().catch(() => undefined);
        reference = inspected?.Config.Image ?? reference;
      }
      const key = `${reference}|${container.ImageID}`;
      let group = groups.get(key);
      if (!group) {
        if (!images.has(container.ImageID)) images.set(container.ImageID, this.docker.getImage(container.ImageID).inspect().catch(() => undefined) as Promise<{ RepoDigests?: string[]; Created?: string } | undefined>);
        const image = await images.get(container.ImageID)!;
        group = { reference, imageId: container.ImageID, repoDigests: image?.RepoDigests ?? [], created: image?.Created ? Math.floor(Date.parse(image.Created) / 1000) : 0, containers: [] };
        groups.set(key, group);
      }
      const project = container.Labels?.[COMPOSE_PROJECT_LABEL];
      const service = container.Labels?.[COMPOSE_SERVICE_LABEL];
      group.containers.push({ id: container.Id, name: containerName(container), ...(project ? { compose: { project, ...(service ? { service } : {}) } } : {}) });
    }
    return groups;
  }

  /** Pulls the reference, then recreates each container using it (or only `containerIds`), and says what happened to each. */
  async apply(reference: string, containerIds: string[] | undefined, emit: (event: UpdateEvent) => void, signal: AbortSignal): Promise<void> {
    const parsed = parseImageReference(reference);
    if ('error' in parsed) throw new ApiError('invalid-input', parsed.error);
    if (parsed.digest) throw new ApiError('invalid-input', 'A reference pinned to a digest is never updated; change the container to a tag first (Edit).');
    await this.pull(reference, (progress) => emit({ kind: 'pull', progress }), signal);
    const latest = (await this.docker.getImage(reference).inspect()).Id;
    const groups = await this.imagesInUse();
    const targets = [...groups.values()]
      .filter((group) => group.reference === reference)
      .flatMap((group) => group.containers.map((container) => ({ ...container, imageId: group.imageId })))
      .filter((container) => !containerIds || containerIds.some((id) => container.id.startsWith(id) || container.name === id));
    const updated: { id: string; name: string }[] = [];
    const skipped: UpdateSkip[] = [];
    for (const target of targets) {
      if (signal.aborted) {
        skipped.push({ name: target.name, reason: 'Cancelled before its turn.' });
        continue;
      }
      if (target.imageId === latest) {
        skipped.push({ name: target.name, reason: 'Already runs the newest image.' });
        continue;
      }
      try {
        const read = await this.recreator.editSpec(target.id, 'edit');
        if (read.refusal) {
          // Compose would undo a recreate behind its back: its project is pulled and upped from the Compose page instead.
          skipped.push(target.compose ? { name: target.name, reason: `Compose project "${target.compose.project}" manages it: use "Pull and up" on the Compose page.`, compose: target.compose } : { name: target.name, reason: read.refusal });
          continue;
        }
        const result = await this.recreator.recreate(target.id, runSpecSchema.parse(read.spec), (step) => emit({ kind: 'step', container: target.name, step }));
        updated.push({ id: result.id, name: result.name });
      } catch (err) {
        skipped.push({ name: target.name, reason: toApiError(err).message });
      }
    }
    // The image's row is current again for the containers that moved.
    await this.check().catch(() => undefined);
    emit({ kind: 'done', updated, skipped });
  }

  private load(): void {
    try {
      const saved = savedSchema.parse(JSON.parse(readFileSync(path.join(this.dataDir, FILE), 'utf8')));
      this.state = { intervalHours: saved.intervalHours, ...(saved.lastCheckAt ? { lastCheckAt: saved.lastCheckAt } : {}), checking: false, images: saved.images as unknown as ImageUpdate[] };
    } catch {
      // No file yet, or one Berth cannot read: start with the defaults.
    }
  }

  private save(): void {
    try {
      mkdirSync(this.dataDir, { recursive: true });
      const file = path.join(this.dataDir, FILE);
      const { checking: _checking, skipped: _skipped, ...saved } = this.state;
      writeFileSync(`${file}.tmp`, JSON.stringify(saved));
      renameSync(`${file}.tmp`, file);
    } catch {
      // A read-only data dir loses only the cache; the next check rebuilds it.
    }
  }
}
