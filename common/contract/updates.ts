import { z } from 'zod';
import { call, stream } from './define';
import { containerIdSchema } from './containers';
import { imageReferenceSchema, type TransferEvent } from './images';

/**
 * - `update-available`: the registry's digest for the tag differs from the local image's.
 * - `up-to-date`: they are the same.
 * - `pinned`: the container names a digest (`name@sha256:…`); it is never updated.
 * - `local`: the image was built or loaded here (no digest from the registry), or the container names an image id.
 * - `error`: the registry could not be asked ("could not check"), with the reason.
 */
export type UpdateStatus = 'update-available' | 'up-to-date' | 'pinned' | 'local' | 'error';

/** One image reference as containers use it, with the local image they run. */
export interface ImageUpdate {
  reference: string;
  imageId: string;
  status: UpdateStatus;
  message?: string;
  /** Epoch ms of the check; absent until the first one. */
  checkedAt?: number;
  /** Epoch seconds: when the local image was built. */
  localCreated: number;
  localDigest?: string;
  remoteDigest?: string;
  containers: { id: string; name: string }[];
}

export interface UpdatesState {
  /** Hours between scheduled checks; 0 turns them off. */
  intervalHours: number;
  lastCheckAt?: number;
  checking: boolean;
  /** Why the last scheduled check was skipped, e.g. offline. */
  skipped?: string;
  images: ImageUpdate[];
}

export type UpdateEvent =
  | { kind: 'pull'; progress: TransferEvent }
  | { kind: 'step'; container: string; step: string }
  | { kind: 'done'; updated: { id: string; name: string }[]; skipped: UpdateSkip[] };

/** A container an update left alone, and why; one Compose manages names its project (the Compose page pulls and ups it). */
export interface UpdateSkip {
  name: string;
  reason: string;
  compose?: { project: string; service?: string };
}

export const updatesContract = {
  'updates.status': call(z.object({}).strict()).returns<UpdatesState>(),
  /** Asks the registries now (a HEAD per tag, which Docker Hub does not count against its pull limit). */
  'updates.check': call(z.object({}).strict()).returns<UpdatesState>(),
  'updates.setInterval': call(z.object({ intervalHours: z.number().int().min(0).max(24 * 7) }).strict()).returns<UpdatesState>(),
  /** Pulls the reference and recreates the containers that use it (all, or the ones named). */
  'updates.apply': stream(z.object({ reference: imageReferenceSchema, containerIds: z.array(containerIdSchema).max(1000).optional() }).strict()).emits<UpdateEvent>(),
};
