import { z } from 'zod';
import { call } from './define';
import { engineRefSchema } from './resource-fields';

export interface DiskUsageItem {
  id: string;
  name: string;
  sizeBytes: number;
  /** Space freed if this item alone were removed (0 while in use, or for shared layers). */
  reclaimableBytes: number;
  inUse: boolean;
  /** Epoch ms, when the engine reports it. */
  created?: number;
  detail?: string;
}

export interface DiskUsageCategory {
  count: number;
  active: number;
  totalBytes: number;
  reclaimableBytes: number;
  items: DiskUsageItem[];
}

export interface DiskUsage {
  images: DiskUsageCategory;
  containers: DiskUsageCategory;
  volumes: DiskUsageCategory;
  buildCache: DiskUsageCategory;
}

export const PRUNE_STEPS = ['containers', 'networks', 'images', 'volumes', 'buildCache'] as const;
export type PruneStep = (typeof PRUNE_STEPS)[number];

export interface SystemPruneCandidate {
  id: string;
  name: string;
  /** Bytes expected back, when known. */
  sizeBytes?: number;
  detail?: string;
}

export interface SystemPrunePreview {
  step: PruneStep;
  candidates: SystemPruneCandidate[];
  totalBytes: number;
}

export interface SystemPruneResult {
  step: PruneStep;
  removed: SystemPruneCandidate[];
  /** Candidates the engine refused to remove (for example because a container started using them meanwhile). */
  failed: (SystemPruneCandidate & { reason: string })[];
  reclaimedBytes: number;
}

export interface PluginSummary {
  id: string;
  name: string;
  enabled: boolean;
  /** Capabilities such as docker.volumedriver/1.0. */
  types: string[];
  description: string;
}

const pruneStepSchema = z.enum(PRUNE_STEPS);

export const systemContract = {
  'system.diskUsage': call(z.object({}).strict()).returns<DiskUsage>(),
  /** Lists exactly what a prune step would delete; nothing is removed. */
  'system.prunePreview': call(
    z.object({ step: pruneStepSchema, includeTaggedImages: z.boolean().default(false) }).strict(),
  ).returns<SystemPrunePreview>(),
  /** Removes exactly the previewed candidates given, one by one, re-checked by the engine; never more. */
  'system.prune': call(
    z.object({ step: pruneStepSchema, ids: z.array(engineRefSchema).max(10_000) }).strict(),
  ).returns<SystemPruneResult>(),
  'plugins.list': call(z.object({}).strict()).returns<PluginSummary[]>(),
  'plugins.setEnabled': call(z.object({ name: z.string().min(1).max(256), enabled: z.boolean() }).strict()).returns<PluginSummary>(),
};
