import type { DiskUsage, DiskUsageCategory, DiskUsageItem } from '../../../common/contract/system';
import { EngineService } from '../engine-service';
import { containerName } from '../containers/containers';
import { realTags } from '../images/images';
import { readDiskUsage, type RawDiskUsage } from '../disk-usage-request';

const sizeOf = (items: DiskUsageItem[]) => items.reduce((sum, item) => sum + item.sizeBytes, 0);

function category(
  items: DiskUsageItem[],
  totalBytes = sizeOf(items),
  reclaimableBytes = items.reduce((sum, item) => sum + item.reclaimableBytes, 0),
): DiskUsageCategory {
  return {
    count: items.length,
    active: items.filter((item) => item.inUse).length,
    totalBytes,
    reclaimableBytes,
    items: items.sort((a, b) => b.sizeBytes - a.sizeBytes),
  };
}

const known = (bytes: number | undefined) => (typeof bytes === 'number' && bytes > 0 ? bytes : 0);

/** Turns `system df` into per-category totals, reclaimable space (as docker's CLI counts it) and item lists. */
export function summarizeDiskUsage(raw: RawDiskUsage): DiskUsage {
  const images = (raw.Images ?? []).map((image): DiskUsageItem => {
    const tags = realTags(image.RepoTags);
    const inUse = image.Containers > 0;
    return {
      id: image.Id,
      name: tags[0] ?? '<untagged>',
      sizeBytes: known(image.Size),
      // Layers shared with other images stay on disk when this one goes.
      reclaimableBytes: inUse ? 0 : Math.max(0, known(image.Size) - known(image.SharedSize)),
      inUse,
      created: image.Created * 1000,
      detail: inUse ? `${image.Containers} container${image.Containers === 1 ? '' : 's'}` : 'unused',
    };
  });
  const imageTotal = raw.LayersSize ?? sizeOf(images);
  // As docker's CLI counts it: every image byte on disk less what images in use take.
  const imageReclaimable = Math.max(0, imageTotal - sizeOf(images.filter((image) => image.inUse)));
  const imageCategory = category(images, imageTotal, imageReclaimable);

  const containers = (raw.Containers ?? []).map((container): DiskUsageItem => {
    const inUse = container.State === 'running' || container.State === 'paused' || container.State === 'restarting';
    return {
      id: container.Id,
      name: containerName(container),
      sizeBytes: known(container.SizeRw),
      reclaimableBytes: inUse ? 0 : known(container.SizeRw),
      inUse,
      created: container.Created * 1000,
      detail: `${container.State} · ${container.Image}`,
    };
  });

  const volumes = (raw.Volumes ?? []).map((volume): DiskUsageItem => {
    const refs = volume.UsageData?.RefCount ?? 0;
    const size = known(volume.UsageData?.Size);
    return {
      id: volume.Name,
      name: volume.Name,
      sizeBytes: size,
      reclaimableBytes: refs > 0 ? 0 : size,
      inUse: refs > 0,
      detail: refs > 0 ? `${refs} container${refs === 1 ? '' : 's'}` : 'unused',
    };
  });

  const buildCache = (raw.BuildCache ?? []).map((record): DiskUsageItem => {
    const created = record.CreatedAt ? Date.parse(record.CreatedAt) : undefined;
    return {
      id: record.ID,
      name: record.Description || record.ID.slice(0, 12),
      sizeBytes: known(record.Size),
      reclaimableBytes: record.InUse || record.Shared ? 0 : known(record.Size),
      inUse: record.InUse,
      ...(created ? { created } : {}),
      detail: record.Type,
    };
  });

  return { images: imageCategory, containers: category(containers), volumes: category(volumes), buildCache: category(buildCache) };
}

export class DiskUsageService extends EngineService {
  async raw(): Promise<RawDiskUsage> {
    return readDiskUsage(this.docker);
  }

  async summary(): Promise<DiskUsage> {
    return summarizeDiskUsage(await this.raw());
  }
}
