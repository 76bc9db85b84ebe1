import { z } from 'zod';
import { call, stream } from './define';
import { engineObjectNameSchema, labelsSchema } from './resource-fields';
import { UPLOAD_CHUNK_BASE64_CHARS, uploadFileNameSchema, uploadSizeSchema } from './containers';

export interface VolumeUser {
  id: string;
  name: string;
  running: boolean;
}

export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  scope: string;
  createdAt?: string;
  labels: Record<string, string>;
  /** Containers (running or not) that mount the volume. */
  usedBy: VolumeUser[];
}

/** From `system df`: slow on big engines, so fetched only when asked for. */
export interface VolumeUsage {
  name: string;
  /** -1 when the driver cannot tell. */
  sizeBytes: number;
}

export type VolumeEntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface VolumeEntry {
  name: string;
  kind: VolumeEntryKind;
  /** For a directory: the total of every file below it. */
  sizeBytes: number;
  /** Epoch ms. */
  modified: number;
  mode: number;
  linkTarget?: string;
}

export interface VolumeListing {
  volume: string;
  /** Normalized, always starting with "/" (the volume's root). */
  path: string;
  entries: VolumeEntry[];
}

/** One message of a download: first `start`, then `chunk`s, then `done`. */
export type VolumeDownloadEvent =
  | { type: 'start'; fileName: string; contentType: string; totalBytes?: number }
  | { type: 'chunk'; base64: string; sentBytes: number }
  | { type: 'done'; sentBytes: number };

/** A path inside a volume: absolute, no "..", bounded. */
export const volumePathSchema = z
  .string()
  .max(4096)
  .regex(/^\//, 'Paths start at the volume root "/".')
  .refine((path) => !path.split('/').includes('..'), 'Paths may not contain "..".')
  .refine((path) => !path.includes('\0'), 'Paths may not contain NUL.');

/** Base64 text of at most 1 MiB of data per upload chunk. */
export const IMPORT_CHUNK_BYTES = 1024 * 1024;

const volumeRef = z.object({ name: engineObjectNameSchema }).strict();

export const volumesContract = {
  'volumes.list': call(z.object({}).strict()).returns<VolumeSummary[]>(),
  'volumes.usage': call(z.object({}).strict()).returns<VolumeUsage[]>(),
  'volumes.inspect': call(volumeRef).returns<unknown>(),
  'volumes.create': call(
    z
      .object({
        name: engineObjectNameSchema.optional(),
        driver: z.string().min(1).max(256).default('local'),
        driverOpts: labelsSchema.default({}),
        labels: labelsSchema.default({}),
      })
      .strict(),
  ).returns<VolumeSummary>(),
  /** Refused while containers use the volume, naming them; `removeContainers` removes those containers first. */
  'volumes.remove': call(z.object({ name: engineObjectNameSchema, removeContainers: z.boolean().default(false) }).strict()).returns<{
    removedContainers: string[];
  }>(),
  'volumes.browse': call(z.object({ name: engineObjectNameSchema, path: volumePathSchema }).strict()).returns<VolumeListing>(),
  /** A file's bytes, or a folder (or the whole volume with path "/") as .tar.gz, in base64 chunks. */
  'volumes.download': stream(
    z.object({ name: engineObjectNameSchema, path: volumePathSchema, format: z.enum(['file', 'tar.gz']) }).strict(),
  ).emits<VolumeDownloadEvent>(),
  /** Starts an import of a tar (optionally gzip'd) into a new or empty volume. */
  'volumes.importBegin': call(
    z.object({ name: engineObjectNameSchema, create: z.boolean(), totalBytes: z.number().int().nonnegative().max(2 ** 50) }).strict(),
  ).returns<{ importId: string }>(),
  'volumes.importChunk': call(
    z.object({ importId: z.string().uuid(), base64: z.string().max(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4) }).strict(),
  ).returns<{ receivedBytes: number }>(),
  'volumes.importFinish': call(z.object({ importId: z.string().uuid() }).strict()).returns<{ receivedBytes: number }>(),
  'volumes.importCancel': call(z.object({ importId: z.string().uuid() }).strict()).returns<void>(),
  /** Uploads one file into a folder of the volume, in chunks, as into a container's folder. */
  'volumes.uploadBegin': call(
    z.object({ name: engineObjectNameSchema, directory: volumePathSchema, fileName: uploadFileNameSchema, sizeBytes: uploadSizeSchema }).strict(),
  ).returns<{ uploadId: string }>(),
  'volumes.uploadChunk': call(z.object({ uploadId: z.uuid(), dataBase64: z.string().max(UPLOAD_CHUNK_BASE64_CHARS, 'a chunk of at most 2 MB') }).strict()).returns<void>(),
  'volumes.uploadFinish': call(z.object({ uploadId: z.uuid() }).strict()).returns<void>(),
  'volumes.uploadCancel': call(z.object({ uploadId: z.uuid() }).strict()).returns<void>(),
};
