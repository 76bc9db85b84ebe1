import { z } from 'zod';
import { isValidRepository, isValidTag, parseImageReference } from '../image-reference';
import { call, stream } from './define';
import { hasCleanPathSegments } from './resource-fields';

export interface ImageSummary {
  id: string;
  /** Every `repository:tag` pointing at the image; empty for a dangling image. */
  tags: string[];
  /** `repository@sha256:…` for images pulled from or pushed to a registry. */
  repoDigests: string[];
  /** No tag points at it (typically the leftover of a rebuild). */
  dangling: boolean;
  sizeBytes: number;
  /** Epoch seconds. */
  created: number;
  /** Containers (running or not) created from the image. */
  containers: number;
}

export interface ImageLayer {
  /** The layer's image id, or `<missing>` for layers built elsewhere. */
  id: string;
  createdBy: string;
  sizeBytes: number;
  /** Epoch seconds. */
  created: number;
  tags: string[];
  comment: string;
}

export interface PruneCandidate {
  id: string;
  tags: string[];
  sizeBytes: number;
  /** What deleting it frees: its size less the layers it shares with other images. */
  uniqueBytes: number;
}

export interface PrunePreview {
  mode: PruneMode;
  images: PruneCandidate[];
  /** The sum of `uniqueBytes`: at least this much comes back (more where deleted images share layers only with each other). */
  reclaimableBytes: number;
}

export interface PruneResult {
  deleted: string[];
  reclaimedBytes: number;
  /** Images from the preview that were not removed (used again meanwhile, or already gone), with the reason. */
  skipped: { id: string; reason: string }[];
}

export interface LayerProgress {
  id: string;
  /** The engine's own words: Waiting, Downloading, Extracting, Pushing, Pull complete, Already exists, … */
  status: string;
  /** Bytes done and total of the current phase, when the engine reports them. */
  current?: number;
  total?: number;
  /** 0…1 for the whole layer (download and extraction for a pull). */
  fraction: number;
}

/** One snapshot of a pull, push or load: per-layer progress, an overall fraction and the engine's last message. */
export interface TransferEvent {
  kind: 'progress' | 'done';
  layers: LayerProgress[];
  /** 0…1, weighted by layer size where the sizes are known. */
  overall: number;
  status: string;
  /** The manifest digest reported at the end of a pull or push. */
  digest?: string;
}

export type BuildEvent =
  | { kind: 'log'; text: string }
  | { kind: 'step'; text: string }
  | { kind: 'context'; bytes: number; files: number }
  | { kind: 'done'; imageId: string; tags: string[] };

export type SaveEvent = { kind: 'progress'; bytes: number } | { kind: 'done'; bytes: number; path: string };

export type LoadEvent =
  | { kind: 'progress'; bytes: number; totalBytes: number }
  | { kind: 'log'; text: string }
  | { kind: 'done'; loaded: string[] };

export type PruneMode = 'dangling' | 'unused';

export const imageIdSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.:/@\-[\]]*$/, 'an image id or reference')
  // `busybox/../..` would reach the engine as a path it redirects, which docker-modem follows off the socket.
  .refine(hasCleanPathSegments, 'an image id or reference without empty, . or .. path segments');

export const imageReferenceSchema = z
  .string()
  .max(512)
  .superRefine((value, ctx) => {
    const parsed = parseImageReference(value);
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

const absolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => value.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(value), 'an absolute path');

export const buildInputSchema = z
  .object({
    /** Folder on the machine Berth runs on; its `.dockerignore` is honoured. Optional when a Dockerfile is pasted. */
    contextPath: absolutePathSchema.optional(),
    /** A pasted Dockerfile; replaces the folder's own. */
    dockerfileContent: z.string().min(1).max(1_000_000).optional(),
    /** Dockerfile path inside the context (default `Dockerfile`). */
    dockerfile: z.string().min(1).max(1024).optional(),
    tag: imageReferenceSchema.optional(),
    buildArgs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a build argument name').max(256), z.string().max(65_536)).default({}),
    target: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a build stage name').max(128).optional(),
    noCache: z.boolean().default(false),
  })
  .strict()
  .refine((value) => value.contextPath || value.dockerfileContent, 'Pick a folder or paste a Dockerfile.');

export const imagesContract = {
  'images.list': call(z.object({}).strict()).returns<ImageSummary[]>(),
  'images.inspect': call(z.object({ id: imageIdSchema }).strict()).returns<Record<string, unknown>>(),
  'images.history': call(z.object({ id: imageIdSchema }).strict()).returns<ImageLayer[]>(),
  'images.tag': call(
    z
      .object({
        id: imageIdSchema,
        repository: z.string().max(255).refine(isValidRepository, 'a lowercase repository name, optionally with a registry host'),
        tag: z.string().max(128).refine(isValidTag, 'a tag of letters, digits, _ . and -').default('latest'),
      })
      .strict(),
  ).returns<void>(),
  'images.remove': call(z.object({ id: imageIdSchema, force: z.boolean().default(false) }).strict()).returns<{ deleted: string[]; untagged: string[] }>(),
  'images.prunePreview': call(z.object({ mode: z.enum(['dangling', 'unused']) }).strict()).returns<PrunePreview>(),
  'images.prune': call(
    z.object({ mode: z.enum(['dangling', 'unused']), ids: z.array(imageIdSchema).max(10_000) }).strict(),
  ).returns<PruneResult>(),
  'images.pull': stream(z.object({ reference: imageReferenceSchema }).strict()).emits<TransferEvent>(),
  'images.push': stream(z.object({ reference: imageReferenceSchema }).strict()).emits<TransferEvent>(),
  'images.build': stream(buildInputSchema).emits<BuildEvent>(),
  'images.save': stream(z.object({ references: z.array(imageIdSchema).min(1).max(100), path: absolutePathSchema }).strict()).emits<SaveEvent>(),
  'images.load': stream(z.object({ path: absolutePathSchema }).strict()).emits<LoadEvent>(),
};
